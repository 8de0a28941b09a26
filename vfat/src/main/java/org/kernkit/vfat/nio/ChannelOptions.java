package org.kernkit.vfat.nio;

import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The open options of one channel, checked as the JDK's providers check them (the default provider and zipfs):
 * {@code READ} with {@code APPEND} and {@code APPEND} with {@code TRUNCATE_EXISTING} are contradictions
 * ({@link IllegalArgumentException}); an option that is neither a {@link StandardOpenOption} nor
 * {@link LinkOption#NOFOLLOW_LINKS} is not supported ({@link UnsupportedOperationException}); {@code null} is a
 * {@link NullPointerException}. {@code SPARSE} is a hint and ignored; {@code NOFOLLOW_LINKS} means nothing on FAT,
 * which has no links.
 *
 * @param read whether the channel reads ({@code READ}, or neither {@code WRITE} nor {@code APPEND})
 * @param write whether the channel writes ({@code WRITE} or {@code APPEND})
 * @param append every write goes to the end
 * @param sync {@code SYNC} or {@code DSYNC}: every write is flushed to the device before it returns
 * @param deleteOnClose {@code DELETE_ON_CLOSE}
 * @param core the options to pass to the core's {@code newByteChannel}
 */
record ChannelOptions(boolean read, boolean write, boolean append, boolean sync, boolean deleteOnClose,
        Set<StandardOpenOption> core) {

    /**
     * Checks and reads {@code options}.
     *
     * @throws IllegalArgumentException for {@code READ + APPEND} or {@code APPEND + TRUNCATE_EXISTING}
     * @throws UnsupportedOperationException for an option that is not standard
     */
    static ChannelOptions of(Set<? extends OpenOption> options) {
        EnumSet<StandardOpenOption> given = EnumSet.noneOf(StandardOpenOption.class);
        for (OpenOption option : options) {
            Objects.requireNonNull(option, "open option");
            if (option instanceof StandardOpenOption standard) {
                given.add(standard);
            } else if (option != LinkOption.NOFOLLOW_LINKS) {
                throw new UnsupportedOperationException("open option " + option + " is not supported by FAT");
            }
        }
        boolean append = given.contains(StandardOpenOption.APPEND);
        if (append && given.contains(StandardOpenOption.READ)) {
            throw new IllegalArgumentException("READ + APPEND not allowed");
        }
        if (append && given.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
            throw new IllegalArgumentException("APPEND + TRUNCATE_EXISTING not allowed");
        }
        boolean write = append || given.contains(StandardOpenOption.WRITE);
        boolean read = !write || given.contains(StandardOpenOption.READ);
        EnumSet<StandardOpenOption> core = EnumSet.noneOf(StandardOpenOption.class);
        for (StandardOpenOption o : given) {
            switch (o) {
                case READ, WRITE, APPEND, CREATE, CREATE_NEW, TRUNCATE_EXISTING -> core.add(o);
                default -> {
                    // SPARSE, SYNC, DSYNC and DELETE_ON_CLOSE are this layer's business.
                }
            }
        }
        boolean sync = given.contains(StandardOpenOption.SYNC) || given.contains(StandardOpenOption.DSYNC);
        return new ChannelOptions(read, write, append, sync, given.contains(StandardOpenOption.DELETE_ON_CLOSE),
                Set.copyOf(core));
    }
}

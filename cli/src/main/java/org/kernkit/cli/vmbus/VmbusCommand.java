package org.kernkit.cli.vmbus;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.kernkit.block.FileBlockDevice;
import org.kernkit.cli.CommandFailure;
import org.kernkit.cli.SizeOptions;
import org.kernkit.cli.ProgressLine;
import org.kernkit.vmbus.BlockHost;
import org.kernkit.vmbus.Channel;
import org.kernkit.vmbus.ChannelBlockDevice;
import org.kernkit.vmbus.ChannelDescriptor;
import org.kernkit.vmbus.ChannelFile;
import org.kernkit.vmbus.ChannelSnapshot;
import org.kernkit.vfat.FatEntry;
import org.kernkit.vfat.FatFileSystem;
import org.kernkit.vfat.FormatOptions;
import org.kernkit.vfat.NamingMode;
import org.kernkit.vmbus.SessionLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kernkit vmbus}: VMBus channels over a mapped file, a block service on top, and a ping. */
@Command(name = "vmbus", mixinStandardHelpOptions = true,
        description = "Hyper-V VMBus rings over shared memory: serve a disk image to another process, use it, measure.",
        subcommands = {VmbusCommand.Host.class, VmbusCommand.Guest.class, VmbusCommand.Dump.class,
            VmbusCommand.Ping.class, VmbusCommand.Pong.class})
public final class VmbusCommand implements Callable<Integer> {

    static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How long a host lets a guest of the previous session notice the reset before re-formatting the rings. */
    static final long GUEST_GRACE_MILLIS = 1_000;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    /** {@code kernkit vmbus host IMAGE --ring FILE}. */
    @Command(name = "host", mixinStandardHelpOptions = true,
            description = "Serve IMAGE as a disk of 512-byte sectors to guests attaching to the ring file.")
    static final class Host implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "disk image file to serve")
        Path image;
        @Option(names = "--ring", required = true, description = "channel file to create (both rings live in it)")
        Path ring;
        @Option(names = "--ring-size", defaultValue = "2097152", description = "bytes per ring, header page included (default ${DEFAULT-VALUE})")
        int ringLength;
        @Option(names = "--sessions", defaultValue = "0",
                description = "guest sessions to serve before exiting; 0 (default) serves until killed")
        int sessions;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            // The device holds the image's exclusive write lock: a second writer of the image is refused.
            try (Arena arena = Arena.ofShared();
                 FileBlockDevice disk = FileBlockDevice.open(image, false)) {
                MemorySegment region = ChannelFile.create(ring, ringLength, arena);
                // Whatever a guest does, its session ends with one line and the next one starts.
                SessionLoop.run(region, sessions, GUEST_GRACE_MILLIS, host -> {
                    BlockHost server = new BlockHost(host, disk);
                    out.printf("vmbus host: serving %s (%d sectors) on %s, pid %d, session %d; waiting for a guest%n",
                            image, server.sectorCount(), ring, ProcessHandle.current().pid(), host.epoch());
                    out.flush();
                    String why = server.serve();
                    out.printf("vmbus host: session ended after %d requests: %s%n", server.requestsServed(), why);
                    out.flush();
                });
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return CommandFailure.report(spec, "vmbus", e.getMessage());
            }
        }
    }

    /** {@code kernkit vmbus guest --ring FILE COMMAND}. */
    @Command(name = "guest", mixinStandardHelpOptions = true,
            description = "Attach to a host's ring file and use its disk.",
            subcommands = {Guest.Info.class, Guest.Read.class, Guest.Mkfs.class, Guest.Ls.class, Guest.Cp.class})
    static final class Guest implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--ring", required = true, description = "the host's channel file")
        Path ring;
        @Option(names = "--timeout", defaultValue = "10", description = "seconds to wait for the host (default ${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 2;
        }

        /** What a guest subcommand does with the attached disk; it prints to {@code out}. */
        interface DeviceAction {
            void run(ChannelBlockDevice device, PrintWriter out) throws IOException;
        }

        /**
         * Attaches to the host's disk, runs {@code action} on it and flushes its output: exit 0, or exit 1 with
         * the error printed when attaching or the action fails.
         */
        int withDevice(CommandSpec sub, DeviceAction action) throws InterruptedException {
            if (timeoutSeconds < 0) {
                return CommandFailure.report(sub, "vmbus guest", "--timeout must not be negative, got "
                        + timeoutSeconds, 2);
            }
            try (Arena arena = Arena.ofShared()) {
                MemorySegment region = ChannelFile.open(ring, arena, timeoutSeconds * 1000L);
                Channel channel = Channel.attach(region, Channel.Role.GUEST, timeoutSeconds * 1000L);
                try (ChannelBlockDevice device = new ChannelBlockDevice(channel, TIMEOUT_NANOS)) {
                    PrintWriter out = sub.commandLine().getOut();
                    action.run(device, out);
                    out.flush();
                    return 0;
                }
            } catch (IOException | IllegalArgumentException e) {
                return CommandFailure.report(sub, "vmbus", e.getMessage());
            }
        }

        /** {@code guest info}. */
        @Command(name = "info", mixinStandardHelpOptions = true, description = "Print the disk's capacity.")
        static final class Info implements Callable<Integer> {
            @Spec
            CommandSpec spec;
            @ParentCommand
            Guest guest;

            @Override
            public Integer call() throws Exception {
                return guest.withDevice(spec, (device, out) -> {
                    out.printf("capacity: %d sectors of 512 bytes (%d bytes); up to %d sectors per request%n",
                            device.sectorCount(), device.sectorCount() * 512, device.maxSectorsPerRequest());
                });
            }
        }

        /** {@code guest read SECTOR [--count N]}. */
        @Command(name = "read", mixinStandardHelpOptions = true, description = "Hex-dump sectors of the disk.")
        static final class Read implements Callable<Integer> {
            @Spec
            CommandSpec spec;
            @ParentCommand
            Guest guest;
            @Parameters(index = "0", description = "first sector")
            long first;
            @Option(names = "--count", defaultValue = "1", description = "sectors (default ${DEFAULT-VALUE})")
            int count;

            @Override
            public Integer call() throws Exception {
                return guest.withDevice(spec, (device, out) -> {
                    ByteBuffer buffer = ByteBuffer.allocate(count * 512);
                    device.read(first, buffer);
                    HexFormat hex = HexFormat.of();
                    byte[] bytes = buffer.array();
                    for (int i = 0; i < bytes.length; i += 16) {
                        out.printf("%08x  %s%n", first * 512 + i, hex.formatHex(bytes, i, i + 16));
                    }
                });
            }
        }
        /** {@code guest mkfs [--label L]}. */
        @Command(name = "mkfs", mixinStandardHelpOptions = true, description = "Format the disk as FAT (type chosen by size).")
        static final class Mkfs implements Callable<Integer> {
            @Spec
            CommandSpec spec;
            @ParentCommand
            Guest guest;
            @Option(names = "--label", defaultValue = "", description = "volume label")
            String label;

            @Override
            public Integer call() throws Exception {
                return guest.withDevice(spec, (device, out) -> {
                    try (FatFileSystem fs = FatFileSystem.format(device, FormatOptions.builder().volumeLabel(label).build())) {
                        out.printf("formatted %s%n", fs.describeLayout());
                    }
                });
            }
        }

        /** {@code guest ls [PATH]}. */
        @Command(name = "ls", mixinStandardHelpOptions = true, description = "List a directory of the FAT file system on the disk.")
        static final class Ls implements Callable<Integer> {
            @Spec
            CommandSpec spec;
            @ParentCommand
            Guest guest;
            @Parameters(index = "0", defaultValue = "/", description = "directory (default /)")
            String path;

            @Override
            public Integer call() throws Exception {
                return guest.withDevice(spec, (device, out) -> {
                    try (FatFileSystem fs = FatFileSystem.openReadOnly(device)) {
                        for (FatEntry e : fs.list(path)) {
                            out.printf("%s %12d  %s%n", e.directory() ? "d" : "-", e.size(), e.name());
                        }
                    }
                });
            }
        }

        /** {@code guest cp SRC DST}, one side written {@code ::/path} (on the disk), as mtools does. */
        @Command(name = "cp", mixinStandardHelpOptions = true,
                description = "Copy a file between this machine and the FAT disk; write the disk side as ::/path.")
        static final class Cp implements Callable<Integer> {
            @Spec
            CommandSpec spec;
            @ParentCommand
            Guest guest;
            @Parameters(index = "0", description = "source: a local file, or ::/path on the disk")
            String source;
            @Parameters(index = "1", description = "target: ::/path on the disk, or a local file")
            String target;

            @Override
            public Integer call() throws Exception {
                boolean toDisk = target.startsWith("::");
                boolean fromDisk = source.startsWith("::");
                if (toDisk == fromDisk) {
                    return CommandFailure.report(spec, "vmbus", "exactly one of source '" + source
                            + "' and target '" + target + "' must be on the disk (written ::/path)");
                }
                return guest.withDevice(spec, (device, out) -> {
                    if (toDisk) {
                        byte[] bytes = Files.readAllBytes(Path.of(source));
                        try (FatFileSystem fs = FatFileSystem.open(device, NamingMode.WINDOWS)) {
                            fs.writeAllBytes(target.substring(2), bytes);
                        }
                        out.printf("copied %d bytes to %s%n", bytes.length, target);
                    } else {
                        byte[] bytes;
                        try (FatFileSystem fs = FatFileSystem.openReadOnly(device)) {
                            bytes = fs.readAllBytes(source.substring(2));
                        }
                        Files.write(Path.of(target), bytes);
                        out.printf("copied %d bytes to %s%n", bytes.length, target);
                    }
                });
            }
        }
    }

    /** {@code kernkit vmbus dump RING [--json] [--packets N]}. */
    @Command(name = "dump",
            description = "Print a channel file: control page, both ring headers, the next packet descriptors.")
    static final class Dump implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "the channel file")
        Path ring;
        @Option(names = "--json", description = "print JSON instead of text")
        boolean json;
        @Option(names = "--packets", defaultValue = "8",
                description = "descriptors to show per ring, at most 64 (default ${DEFAULT-VALUE})")
        int packets;
        @Mixin
        SizeOptions sizes = new SizeOptions();

        @Override
        public Integer call() {
            if (packets < 0) {
                return CommandFailure.report(spec, "vmbus dump", "--packets must not be negative, got " + packets, 2);
            }
            try {
                ChannelSnapshot snapshot = ChannelSnapshot.read(ring);
                PrintWriter out = spec.commandLine().getOut();
                out.println(json ? ChannelDumpFormat.json(snapshot, packets) : ChannelDumpFormat.text(snapshot, packets, sizes).stripTrailing());
                out.flush();
                return 0;
            } catch (java.nio.file.NoSuchFileException e) {
                return CommandFailure.report(spec, "vmbus dump", "no such file " + ring);
            } catch (IOException e) {
                return CommandFailure.report(spec, "vmbus dump", e.getMessage());
            }
        }
    }

    /** {@code kernkit vmbus ping}. */
    @Command(name = "ping", mixinStandardHelpOptions = true,
            description = "Measure a channel between this process and a child JVM: throughput, then round-trip latency.")
    static final class Ping implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--messages", defaultValue = "20000000", description = "messages for throughput (default ${DEFAULT-VALUE})")
        long messages;
        @Option(names = "--size", defaultValue = "64", description = "payload bytes, a multiple of 8 (default ${DEFAULT-VALUE})")
        int size;
        @Option(names = "--round-trips", defaultValue = "100000", description = "round trips for latency (default ${DEFAULT-VALUE})")
        int roundTrips;
        @Option(names = "--ring-size", defaultValue = "2097152", description = "bytes per ring (default ${DEFAULT-VALUE})")
        int ringLength;
        @Option(names = "--json", description = "print the figures as one JSON object (times in ns)")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (size < 0 || size % 8 != 0 || messages < 1 || roundTrips < 1) {
                return CommandFailure.report(spec, "vmbus ping", "--size must be a non-negative multiple of 8 (got "
                        + size + "), --messages and --round-trips positive (got " + messages + ", " + roundTrips + ")",
                        2);
            }
            try {
                ChannelDescriptor.checkRingLength(ringLength);
            } catch (IllegalArgumentException e) {
                return CommandFailure.report(spec, "vmbus ping", "--ring-size: " + e.getMessage(), 2);
            }
            try {
                // Progress on stderr only when it is a terminal: piped or redirected output never carries it.
                org.kernkit.cli.vmbus.Ping.Result result = org.kernkit.cli.vmbus.Ping.run(messages, size, roundTrips,
                        ringLength, ProgressLine.onTerminal(spec.commandLine().getErr(), true));
                PrintWriter out = spec.commandLine().getOut();
                out.println(json ? result.json().toString() : result.describe());
                out.flush();
                long expected = result.expectedCount();
                return result.counted() == expected ? 0
                        : CommandFailure.report(spec, "vmbus",
                                "host counted " + result.counted() + " packets, expected " + expected);
            } catch (IOException | IllegalArgumentException e) {
                return CommandFailure.report(spec, "vmbus", e.getMessage());
            }
        }
    }

    /** {@code kernkit vmbus pong --ring FILE}: the far end of ping (started by it). */
    @Command(name = "pong", hidden = true, description = "Answer a ping on the ring file (started by ping).")
    static final class Pong implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--ring", required = true)
        Path ring;

        @Override
        public Integer call() throws Exception {
            try (Arena arena = Arena.ofShared()) {
                MemorySegment region = ChannelFile.open(ring, arena, 30_000);
                Channel host = Channel.attach(region, Channel.Role.HOST, 30_000);
                String why = new EchoResponder(host, TIMEOUT_NANOS).serve();
                host.close();
                spec.commandLine().getOut().println("pong: " + why);
                spec.commandLine().getOut().flush();
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return CommandFailure.report(spec, "vmbus", e.getMessage());
            }
        }
    }
}

package org.kernkit.vmbus;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import org.kernkit.block.FileBlockDevice;

/**
 * Child JVM: creates the channel file args[0] and serves the image args[1] to args[2] guest sessions (1 if
 * absent), printing one line per session.
 */
public final class BlockHostProcess {

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        try (Arena arena = Arena.ofShared();
             FileBlockDevice image = FileBlockDevice.open(Path.of(args[1]), false)) {
            MemorySegment region = ChannelFile.create(Path.of(args[0]), 256 * 1024, arena);
            SessionLoop.run(region, sessions, 1_000, host -> {
                BlockHost server = new BlockHost(host, image);
                String why = server.serve();
                System.out.println("block host: session " + host.epoch() + ": " + why + " after "
                        + server.requestsServed() + " requests");
                System.out.flush();
            });
        }
        System.exit(0);
    }
}

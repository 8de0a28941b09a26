package org.kernkit.vmbus;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Child JVM: creates the channel file args[0] and serves the image args[1] to one guest session. */
public final class BlockHostProcess {

    public static void main(String[] args) throws Exception {
        try (Arena arena = Arena.ofShared();
             FileChannel image = FileChannel.open(Path.of(args[1]), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MemorySegment region = ChannelFile.create(Path.of(args[0]), 256 * 1024, arena);
            Channel host = Channel.attach(region, Channel.Role.HOST, 10_000);
            BlockHost server = new BlockHost(host, image);
            System.out.println("block host: " + server.serve() + " after " + server.requestsServed() + " requests");
            host.close();
        }
        System.exit(0);
    }
}

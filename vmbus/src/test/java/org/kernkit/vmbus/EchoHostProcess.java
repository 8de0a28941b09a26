package org.kernkit.vmbus;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Child JVM: attaches as host to the channel file in args[0] and echoes every packet as a completion. */
public final class EchoHostProcess {

    public static void main(String[] args) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment region = ChannelFile.open(Path.of(args[0]), arena, 10_000);
            Channel host = Channel.attach(region, Channel.Role.HOST, 10_000);
            MemorySegment copy = arena.allocate(65536, 8);
            long[] id = new long[1];
            int[] length = new int[1];
            try {
                while (true) {
                    int n = host.receive(p -> {
                        id[0] = p.transId();
                        length[0] = p.payloadLength();
                        p.copyPayload(0, copy, 0, p.payloadLength());
                    }, 1, TimeUnit.SECONDS.toNanos(30));
                    if (n == 0) {
                        System.out.println("echo host: no packet for 30 s, leaving");
                        System.exit(3);
                    }
                    host.send(PacketDescriptor.TYPE_COMPLETION, 0, id[0], copy, 0, length[0], TimeUnit.SECONDS.toNanos(30));
                }
            } catch (PeerUnavailableException e) {
                System.out.println("echo host: " + e.getMessage());
            }
            host.close();
        }
        System.exit(0);
    }
}

package org.kernkit.bench.vmbus;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.kernkit.vmbus.Channel;
import org.kernkit.vmbus.ChannelFile;
import org.kernkit.vmbus.EchoResponder;

/** The child JVM of {@link ProcessChannelBenchmark}: the host end, an {@link EchoResponder} on the ring file args[0]. */
public final class EchoHostMain {

    private EchoHostMain() {
    }

    public static void main(String[] args) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment region = ChannelFile.open(Path.of(args[0]), arena, 30_000);
            Channel host = Channel.attach(region, Channel.Role.HOST, 30_000);
            System.out.println("echo host: " + new EchoResponder(host, TimeUnit.SECONDS.toNanos(120)).serve());
            host.close();
        }
        System.exit(0);
    }
}

package org.kernkit.cli.vmbus;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.kernkit.cli.KernkitChildJvm;
import org.kernkit.cli.JsonObject;
import org.kernkit.cli.ProgressLine;
import org.kernkit.vmbus.Channel;
import org.kernkit.vmbus.ChannelFile;
import org.kernkit.vmbus.PacketDescriptor;

/**
 * Measures a channel between this process (guest) and a child JVM running {@code kernkit vmbus pong} (host, an
 * {@link EchoResponder}) over a mapped file: one-way throughput, then round-trip latency.
 *
 * <p>It runs the same guest calls as {@code ProcessChannelBenchmark} ({@code trySend}/{@code send} then a count
 * query; a request and its echo), with the same waits: spin, yield, then futex sleep. It differs in three ways,
 * which {@link #DIFFERENCE} prints and docs/BENCHMARKS.md repeats: two fresh JVMs with a short warm-up (at most
 * 500 000 messages and 10 000 round trips) against JMH's steady state after 5 s of warm-up; one run, not
 * iterations with a confidence interval; and whatever load the machine has at that moment (printed).
 */
final class Ping {

    static final long TIMEOUT = TimeUnit.SECONDS.toNanos(30);

    /** What this measures differently from the JMH figures in docs/BENCHMARKS.md. */
    static final String DIFFERENCE = "same calls and waits as ProcessChannelBenchmark (spin, yield, then futex sleep),"
            + " but two fresh JVMs with a short warm-up, one run, and this moment's load; JMH's steady-state figures"
            + " in docs/BENCHMARKS.md are higher on an idle machine, and on a loaded one a round trip often waits"
            + " in the futex sleep after its spin";

    /** Figures of one run. */
    record Result(long messages, int size, double seconds, long counted, long[] sortedRoundTripNanos,
                  String loadAverage) {
        /** Packets the host must have counted: warm-up, its count query, the measured stream, its query. */
        long expectedCount() {
            return warmUpMessages(messages) + 1 + messages + 1;
        }

        double messagesPerSecond() {
            return messages / seconds;
        }

        long percentile(double p) {
            long[] s = sortedRoundTripNanos;
            int index = (int) Math.min(s.length - 1, Math.max(0, Math.ceil(p / 100.0 * s.length) - 1));
            return s[index];
        }

        String describe() {
            return String.format("throughput: %,d messages of %d B in %.3f s = %,.0f msgs/s (%.1f MB/s); host counted %,d%n"
                            + "round trip (%,d samples): p50 %.2f us, p99 %.2f us, p99.9 %.2f us, max %.2f us%n"
                            + "load average %s",
                    messages, size, seconds, messagesPerSecond(), messagesPerSecond() * size / 1e6, counted,
                    sortedRoundTripNanos.length, percentile(50) / 1e3, percentile(99) / 1e3, percentile(99.9) / 1e3,
                    sortedRoundTripNanos[sortedRoundTripNanos.length - 1] / 1e3, loadAverage);
        }

        /** The same figures as one JSON object: times in the unit their names say, rates per second. */
        JsonObject json() {
            return new JsonObject()
                    .put("messages", messages)
                    .put("message_bytes", size)
                    .put("stream_ns", Math.round(seconds * 1e9))
                    .put("messages_per_second", Math.round(messagesPerSecond()))
                    .put("host_counted", counted)
                    .put("host_expected", expectedCount())
                    .put("round_trips", sortedRoundTripNanos.length)
                    .put("round_trip_ns", new JsonObject()
                            .put("p50", percentile(50)).put("p99", percentile(99)).put("p99_9", percentile(99.9))
                            .put("max", sortedRoundTripNanos[sortedRoundTripNanos.length - 1]))
                    .put("load_average", loadAverage)
                    .put("differs_from_jmh", DIFFERENCE);
        }
    }

    private Ping() {
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg, or "unknown". */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2] + " (" + Runtime.getRuntime().availableProcessors() + " CPUs)";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * Runs one ping; {@code progress} is updated while streaming and while timing round trips (the tour passes a
     * silent one).
     */
    static Result run(long messages, int size, int roundTrips, int ringLength, ProgressLine progress)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("kernkit-ping");
        Path ring = dir.resolve("ring");
        Process child = null;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment region = ChannelFile.create(ring, ringLength, arena);
            child = KernkitChildJvm.start(dir.resolve("pong.log"), "vmbus", "pong", "--ring", ring.toString());
            Channel guest = Channel.attach(region, Channel.Role.GUEST, 30_000);
            MemorySegment payload = arena.allocate(Math.max(size, 8), 8);
            // Warm-up: let both JITs compile the paths before measuring.
            long warmUp = warmUpMessages(messages);
            stream(guest, payload, size, warmUp, sent -> progress.update(() -> String.format(
                    "ping: warming up, %,d of %,d messages", sent, warmUp)));
            countQuery(guest);
            long start = System.nanoTime();
            stream(guest, payload, size, messages, sent -> progress.update(() -> String.format(
                    "ping: streaming, %,d of %,d messages", sent, messages)));
            long counted = countQuery(guest);
            double seconds = (System.nanoTime() - start) / 1e9;
            for (int i = 0; i < Math.min(roundTrips, 10_000); i++) {
                roundTrip(guest, payload, size, i);
            }
            long[] rtts = new long[roundTrips];
            for (int i = 0; i < roundTrips; i++) {
                long t0 = System.nanoTime();
                roundTrip(guest, payload, size, i);
                rtts[i] = System.nanoTime() - t0;
                if ((i & 1023) == 0) {
                    final int done = i;
                    progress.update(() -> String.format("ping: round trip %,d of %,d", done, roundTrips));
                }
            }
            progress.finish(() -> String.format("ping: %,d messages and %,d round trips done", messages, roundTrips));
            Arrays.sort(rtts);
            guest.close();
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                throw new IOException("pong process did not exit after the guest closed");
            }
            return new Result(messages, size, seconds, counted, rtts, loadAverage());
        } finally {
            if (child != null) {
                child.destroyForcibly();
            }
            Files.deleteIfExists(ring);
            Files.deleteIfExists(dir.resolve("pong.log"));
            Files.deleteIfExists(dir);
        }
    }

    static long warmUpMessages(long messages) {
        return Math.min(messages, 500_000);
    }

    /** Streams {@code count} messages, telling {@code sent} the count every 65 536 messages. */
    private static void stream(Channel guest, MemorySegment payload, int size, long count,
                               java.util.function.LongConsumer sent) throws IOException, InterruptedException {
        for (long i = 0; i < count; i++) {
            if (!guest.trySend(PacketDescriptor.TYPE_DATA_INBAND, 0, i, payload, 0, size)) {
                guest.send(PacketDescriptor.TYPE_DATA_INBAND, 0, i, payload, 0, size, TIMEOUT);
            }
            if ((i & 0xFFFF) == 0) {
                sent.accept(i);
            }
        }
    }

    /** Asks the host how many packets it has counted; returns when the answer arrives (all before it were read). */
    private static long countQuery(Channel guest) throws IOException, InterruptedException {
        guest.send(PacketDescriptor.TYPE_DATA_INBAND, PacketDescriptor.FLAG_COMPLETION_REQUESTED, -1,
                MemorySegment.NULL, 0, 0, TIMEOUT);
        long[] count = {-1};
        while (count[0] < 0) {
            if (guest.receive(p -> count[0] = p.getLong(0), 1, TIMEOUT) == 0) {
                throw new IOException("no answer to the count query within 30 s");
            }
        }
        return count[0];
    }

    private static void roundTrip(Channel guest, MemorySegment payload, int size, long id)
            throws IOException, InterruptedException {
        guest.send(PacketDescriptor.TYPE_DATA_INBAND, PacketDescriptor.FLAG_COMPLETION_REQUESTED, id, payload, 0, size, TIMEOUT);
        long[] got = {-1};
        while (got[0] != id) {
            if (guest.receive(p -> got[0] = p.transId(), 1, TIMEOUT) == 0) {
                throw new IOException("no echo of round trip " + id + " within 30 s");
            }
        }
    }
}

package org.kernkit.examples;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.kernkit.vmbus.Channel;
import org.kernkit.vmbus.ChannelDescriptor;
import org.kernkit.vmbus.PacketDescriptor;
import org.kernkit.vmbus.PeerUnavailableException;

/** A VMBus channel in shared memory: a guest thread sends a number, a host thread answers with its square. */
public final class VmbusExample {

    private VmbusExample() {
    }

    /**
     * Sends {@code n} from the guest side of a channel and returns the host's answer.
     *
     * @param n the number to square
     * @return {@code n * n}, as computed by the host thread and carried back over the channel
     * @throws InterruptedException if interrupted while waiting for the host
     * @throws ExecutionException if the host thread failed (its exception, such as a
     *     {@link PeerUnavailableException}, is the cause)
     * @throws PeerUnavailableException if the host closed, or no room or no answer came within 10 s
     */
    public static long run(long n) throws PeerUnavailableException, InterruptedException, ExecutionException {
        // tag::example[]
        long timeout = TimeUnit.SECONDS.toNanos(10);
        int ringLength = 64 << 10;   // each ring: a 4 KiB header page (Linux's hv_ring_buffer) and 60 KiB of data
        try (Arena arena = Arena.ofShared(); ExecutorService hostThread = Executors.newSingleThreadExecutor()) {
            MemorySegment region = arena.allocate(ChannelDescriptor.regionLength(ringLength), 4096);
            Channel.format(region, ringLength);   // a mapped file (ChannelFile) would serve two processes alike
            Channel host = Channel.attach(region, Channel.Role.HOST, 0);
            Channel guest = Channel.attach(region, Channel.Role.GUEST, 1_000);
            Future<?> served = hostThread.submit(() -> {   // the host answers one request with its square
                long[] request = new long[2];
                if (host.receive(packet -> { request[0] = packet.transId(); request[1] = packet.getLong(0); }, 1,
                        timeout) == 0) {
                    throw new PeerUnavailableException("no request from the guest in 10 s");
                }
                host.send(PacketDescriptor.TYPE_COMPLETION, 0, request[0], littleEndian(request[1] * request[1]),
                        timeout);
                return null;
            });
            guest.send(PacketDescriptor.TYPE_DATA_INBAND, PacketDescriptor.FLAG_COMPLETION_REQUESTED, 1,
                    littleEndian(n), timeout);   // transaction id 1; the payload is little-endian, as on Hyper-V
            long[] answer = new long[1];
            if (guest.receive(packet -> answer[0] = packet.getLong(0), 1, timeout) == 0) {
                throw new PeerUnavailableException("no answer from the host in 10 s");
            }
            served.get();
            guest.close();
            host.close();
            return answer[0];
        }
        // end::example[]
    }

    private static byte[] littleEndian(long value) {
        return ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    /**
     * Squares 12 over a channel and prints the answer.
     *
     * @param args ignored
     * @throws Exception if the channel fails (see {@link #run(long)})
     */
    public static void main(String[] args) throws Exception {
        System.out.println("12 squared by the host: " + run(12));
    }
}

package org.kernkit.vmbus;

/** Receives packets read from a ring; see {@link RingBuffer#read(PacketHandler, int)}. */
@FunctionalInterface
public interface PacketHandler {

    /**
     * Called once per packet, in ring order.
     *
     * @param packet a view valid only during this call; copy what must outlive it
     */
    void onPacket(Packet packet);
}

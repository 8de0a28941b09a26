/**
 * VMBus channels: ring buffers with Linux's exact {@code hv_ring_buffer} layout over shared memory, and a block
 * storage service. Exports {@link org.kernkit.vmbus}; {@code internal} is not exported.
 *
 * <p>Native access: the futex wait and wake go through the FFM API. Run with
 * {@code --enable-native-access=org.kernkit.vmbus} (module path) or {@code ALL-UNNAMED} (class path).
 */
module org.kernkit.vmbus {
    requires transitive org.kernkit.block;

    exports org.kernkit.vmbus;
}

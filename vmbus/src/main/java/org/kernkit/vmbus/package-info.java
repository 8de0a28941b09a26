/** Hyper-V VMBus channels: {@code hv_ring_buffer} rings over shared memory, and a block-storage service. */
package org.kernkit.vmbus;

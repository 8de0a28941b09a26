package org.kernkit.vmbus.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class FutexTest {

    @Test
    void aWaitTheKernelRefusesIsAnErrorNamingErrnoNotASilentReturn() {
        assumeTrue(Futex.available(), "futex needs Linux x86_64 with native access");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment misaligned = arena.allocate(16, 8).asSlice(1, 4); // futex words must be 4-aligned
            var e = assertThrows(IllegalStateException.class, () -> Futex.await(misaligned, 0, 1_000_000));
            assertTrue(e.getMessage().contains("EINVAL"), e.getMessage());
        }
    }

    @Test
    void aWakeTheKernelRefusesIsAnErrorNamingErrno() {
        assumeTrue(Futex.available(), "futex needs Linux x86_64 with native access");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment misaligned = arena.allocate(16, 8).asSlice(2, 4);
            var e = assertThrows(IllegalStateException.class, () -> Futex.wake(misaligned, 1));
            assertTrue(e.getMessage().contains("EINVAL"), e.getMessage());
        }
    }
}

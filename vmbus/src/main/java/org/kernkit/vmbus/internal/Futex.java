package org.kernkit.vmbus.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Linux futex(2) on a 32-bit word, through FFM {@code syscall(SYS_futex = 202, ...)} on x86_64.
 *
 * <p>Shared (not {@code FUTEX_PRIVATE_FLAG}) operations, so a word in a file mapped by two processes works: the
 * kernel keys shared futexes by the backing page, not by the virtual address.
 */
public final class Futex {

    private static final long SYS_FUTEX_X86_64 = 202;
    private static final long FUTEX_WAIT = 0;
    private static final long FUTEX_WAKE = 1;
    private static final MethodHandle SYSCALL = lookupSyscall();

    private Futex() {
    }

    private static MethodHandle lookupSyscall() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            MemorySegment syscall = linker.defaultLookup().find("syscall").orElse(null);
            if (syscall == null) {
                return null;
            }
            // long syscall(long number, ...): every variadic argument passed as a long, as glibc reads them.
            return linker.downcallHandle(syscall,
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG),
                    Linker.Option.firstVariadicArg(1));
        } catch (RuntimeException e) {
            return null; // no native access: callers fall back to timed polling
        }
    }

    /** Whether futex calls are available here (Linux x86_64 with native access). */
    public static boolean available() {
        return SYSCALL != null;
    }

    /**
     * Sleeps while {@code word} holds {@code expected}, at most {@code timeoutNanos}; returns at once if the word
     * differs (the kernel compares atomically with queueing, which closes the lost-wake-up window).
     *
     * @param word a native 4-byte-aligned segment of at least 4 bytes
     */
    public static void await(MemorySegment word, int expected, long timeoutNanos) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment timespec = arena.allocate(16, 8);
            timespec.set(ValueLayout.JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
            timespec.set(ValueLayout.JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
            long result = (long) SYSCALL.invokeExact(SYS_FUTEX_X86_64, word, FUTEX_WAIT, expected & 0xFFFF_FFFFL,
                    timespec, MemorySegment.NULL, 0L);
            // -1 with EAGAIN (word changed), ETIMEDOUT or EINTR: all mean "re-check", which callers do.
            assert result == 0 || result == -1 : result;
        } catch (Throwable t) {
            throw new IllegalStateException("futex wait failed", t);
        }
    }

    /** Wakes up to {@code count} waiters on {@code word}. */
    public static void wake(MemorySegment word, int count) {
        try {
            long result = (long) SYSCALL.invokeExact(SYS_FUTEX_X86_64, word, FUTEX_WAKE, (long) count,
                    MemorySegment.NULL, MemorySegment.NULL, 0L);
            assert result >= -1 : result;
        } catch (Throwable t) {
            throw new IllegalStateException("futex wake failed", t);
        }
    }
}

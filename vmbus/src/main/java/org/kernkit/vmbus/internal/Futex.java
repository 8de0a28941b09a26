package org.kernkit.vmbus.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * Linux futex(2) on a 32-bit word, through FFM {@code syscall(SYS_futex = 202, ...)} on x86_64.
 *
 * <p>Shared (not {@code FUTEX_PRIVATE_FLAG}) operations, so a word in a file mapped by two processes works: the
 * kernel keys shared futexes by the backing page, not by the virtual address.
 *
 * <p>Errors: {@code errno} is captured with each call. EAGAIN (the word changed), ETIMEDOUT and EINTR mean
 * "re-check" and return normally; any other error (EINVAL, EFAULT, ENOSYS...) throws
 * {@link IllegalStateException}, because a wait that fails at once, every time, would turn the caller's wait loop
 * into a busy spin.
 */
public final class Futex {

    private static final long SYS_FUTEX_X86_64 = 202;
    private static final long FUTEX_WAIT = 0;
    private static final long FUTEX_WAKE = 1;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int ETIMEDOUT = 110;
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
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
            // The handle takes a leading segment where the linker stores errno right after the call.
            return linker.downcallHandle(syscall,
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG),
                    Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
        } catch (RuntimeException e) {
            return null; // no native access: callers fall back to timed polling
        }
    }

    /**
     * Whether futex calls are available here (Linux x86_64 with native access), decided once at class loading.
     *
     * @return {@code true} if {@link #await} and {@link #wake} may be called
     */
    public static boolean available() {
        return SYSCALL != null;
    }

    /**
     * Sleeps while {@code word} holds {@code expected}, at most {@code timeoutNanos}; returns at once if the word
     * differs (the kernel compares atomically with queueing, which closes the lost-wake-up window).
     *
     * @param word a native 4-byte-aligned segment of at least 4 bytes
     * @param expected the value the word must hold for the thread to sleep
     * @param timeoutNanos the longest sleep, not negative; an interrupted or timed-out wait returns normally
     * @throws IllegalStateException if the kernel refuses the wait (EINVAL, EFAULT...), naming errno
     */
    public static void await(MemorySegment word, int expected, long timeoutNanos) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment timespec = arena.allocate(16, 8);
            timespec.set(ValueLayout.JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
            timespec.set(ValueLayout.JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
            long result = (long) SYSCALL.invokeExact(state, SYS_FUTEX_X86_64, word, FUTEX_WAIT,
                    expected & 0xFFFF_FFFFL, timespec, MemorySegment.NULL, 0L);
            if (result == -1) {
                int errno = (int) ERRNO.get(state, 0L);
                if (errno != EAGAIN && errno != ETIMEDOUT && errno != EINTR) {
                    throw new IllegalStateException("futex wait on address 0x" + Long.toHexString(word.address())
                            + " failed: errno " + errno + " (" + errnoName(errno) + ")");
                }
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("futex wait failed", t);
        }
    }

    /**
     * Wakes up to {@code count} waiters on {@code word}.
     *
     * @param word the native word the waiters sleep on, as passed to {@link #await}
     * @param count the most waiters to wake
     * @throws IllegalStateException if the kernel refuses the wake (EINVAL, EFAULT...), naming errno
     */
    public static void wake(MemorySegment word, int count) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            long result = (long) SYSCALL.invokeExact(state, SYS_FUTEX_X86_64, word, FUTEX_WAKE, (long) count,
                    MemorySegment.NULL, MemorySegment.NULL, 0L);
            if (result < 0) {
                int errno = (int) ERRNO.get(state, 0L);
                throw new IllegalStateException("futex wake on address 0x" + Long.toHexString(word.address())
                        + " failed: errno " + errno + " (" + errnoName(errno) + ")");
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("futex wake failed", t);
        }
    }

    private static String errnoName(int errno) {
        return switch (errno) {
            case 14 -> "EFAULT";
            case 22 -> "EINVAL";
            case 38 -> "ENOSYS";
            case 1 -> "EPERM";
            default -> "see errno(3)";
        };
    }
}

package org.kernkit.clock;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A coarse clock whose read is one memory load: a ticker thread publishes the monotonic and realtime time every
 * tick, and stops when nobody reads (tickless idle, after the kernel's NO_HZ).
 *
 * <pre>
 *   published words (one long each; bit 0 is the UNREAD bit, the other 63 bits are the time)
 *
 *     monotonicWord  [ System.nanoTime() at the last publish            | U ]
 *     realtimeWord   [ CLOCK_REALTIME ns since the epoch at the same publish | U ]
 *     readMark       1 when a reader read since the ticker's last tick, else 0
 *     tickerState    RUNNING ──(idle ticks)──▶ PARKED ──(first read)──▶ WAKING ──▶ RUNNING
 *                    RUNNING / PARKED ──close()──▶ CLOSED ──(ticker's last publish)──▶ ENDED
 *
 *   read:   w = getAcquire(word); U clear ─▶ return w                       (every read but one per tick)
 *           U set ─▶ slow path: mark the read; RUNNING: clear U by CAS, return; PARKED: wake, return fresh
 *   ticker: every tick: getAndSet(readMark, 0); publish both words with U set
 *           at the first tick idleTimeout (a time) after the last tick that saw a mark: PARKED, LockSupport.park()
 *           on leaving (closed, or died of an exception): CLOSED; both words bumped by 2 ns with U set; ENDED
 * </pre>
 *
 * <p>Bit 0 of a word set (U) means "nobody has read this value yet". The first reader of each publish takes the
 * slow path once: it stores the read mark and clears U with a CAS, so every later reader of that value is back to
 * one plain load. A reader thus pays a volatile store and a CAS once per tick, not per read. Times are kept to even
 * nanoseconds (bit 0 is the flag), far below any tick.
 *
 * <h2>Memory-ordering argument</h2>
 * <ol>
 *   <li><b>Monotonic, across threads.</b> Writers of the words never run concurrently: the ticker publishes only in
 *       RUNNING, a waking reader only in WAKING, which it entered by CAS from the PARKED the ticker stored after its
 *       last publish; the waker's store of RUNNING (release) is read by the ticker (acquire) before its next
 *       publish. So publishes are ordered by happens-before, each samples {@code System.nanoTime()} after the
 *       previous one, and the word's modification order is non-decreasing in its time bits. A reader's CAS only
 *       clears U of the value it read (same time bits). Reads are coherent: a read that happens-after another read
 *       of the same word sees the same or a later value, so it never returns a smaller time, in any thread.</li>
 *   <li><b>No stale value while parked.</b> Invariant: while the ticker is PARKED, both words have U set, so every
 *       read takes the slow path and wakes it. The ticker parks only after a tick published both words with U set;
 *       a reader clears U only after (a) loading that value, (b) storing the read mark (volatile) and (c) loading
 *       tickerState (volatile) as RUNNING. The ticker parks by (d) CAS RUNNING to PARKED (volatile) then (e)
 *       loading the read mark (volatile). These are Dekker's pattern under the total order of volatile accesses: if
 *       (c) came before (d), then (b) before (e) and the ticker sees the mark and goes on ticking; otherwise (c)
 *       sees PARKED (or a later state: a wake-up that publishes new values, making the reader's CAS on the old
 *       value fail). The mark is reset only at a tick, before the tick's publish, so a mark stored after loading
 *       the tick's value cannot be erased before (e).</li>
 *   <li><b>First read after idle is fresh.</b> The reader that wins PARKED to WAKING samples both clocks itself,
 *       publishes them (U clear), stores RUNNING (release) and unparks the ticker; it returns its own sample. Readers
 *       that meanwhile find WAKING spin until RUNNING and then load the words (acquire, after the release), so they
 *       return the waker's fresh value or a later one.</li>
 *   <li><b>Closed.</b> {@link #close()} moves RUNNING or PARKED to CLOSED; the ticker then publishes both words a
 *       last time with U set (point 5 says how), stores ENDED (release) and ends. Readers on the slow path that find CLOSED wait for
 *       ENDED; readers that find ENDED sample the precise clocks themselves: slower, never stale. Waiting matters:
 *       a reader that sampled the clock itself while earlier values with U clear were still published would let
 *       a later fast-path read return an older time (found by the model check). Once ENDED is read, the last
 *       publish happens-before it, so every later load sees U set and takes the slow path too.</li>
 *   <li><b>A ticker that dies.</b> If the ticker thread throws (a sampling call failed, an {@link Error}), its
 *       {@code finally} leaves through the same door as close: it first moves the state to CLOSED (waiting out a
 *       WAKING reader, as close does), so that no reader can clear U any more (a reader clears U only after reading
 *       RUNNING, and reads the state after loading the word, which the release below orders after CLOSED); then it
 *       marks both words unread; then it stores ENDED. The last publish does not sample (sampling may be what
 *       failed): it adds 2 ns to the time bits and sets U. The bump makes the value differ from any value a slow
 *       reader loaded before, so such a reader's pending CAS (which would clear U of that older value) fails. The
 *       bumped value is never returned: it has U set, and after CLOSED no reader clears U. Readers then sample the
 *       clocks themselves, later than every publish, so they stay monotonic. A waking reader whose sampling throws
 *       puts PARKED back before rethrowing: nothing was published, both words still have U set.</li>
 * </ol>
 *
 * <p>Interrupts: the ticker thread is an ordinary daemon thread that anyone can find by name. It ignores
 * interrupts: it clears its interrupt status each time {@code park} returns and carries on, so an interrupt neither
 * stops every reader's clock nor makes {@code park} return at once forever (a busy spin). Only {@link #close()}
 * stops the ticker.
 *
 * <p>Staleness and resolution: a read returns a value published at most one achieved tick before. The achieved
 * tick is what the machine delivers, not what was asked: {@code parkNanos} overshoots by the kernel's timer slack and
 * wake-up latency (a 10 µs tick cannot be kept on a usual Linux machine), and a loaded machine deschedules the
 * ticker. The ticker measures the interval between its publishes, and the views' {@link TimeSource#resolutionNanos()}
 * report the longest recent interval (the larger of the tick and a running maximum that decays by 1/256 of its excess
 * per tick towards the intervals seen) plus the sampled clock's resolution. A ticker delayed longer than any recent
 * interval still makes a read lag by more than the reported resolution; nothing can bound that from user space.
 *
 * <p>Peers: Agrona's {@code CachedNanoClock} (a volatile long updated by hand, no thread), Cassandra's
 * {@code MonotonicClock.approxTime} (a background task every 2 ms, never stops).
 *
 * <p>Thread-safety: all methods may be called from any thread. Happens-before: the publishing of a value by the
 * ticker or a waking reader happens-before any read that returns it (release/acquire on the word).
 */
public final class CachedClock implements AutoCloseable {
    private static final long UNREAD = 1L;
    private static final long TIME_BITS = ~UNREAD;

    private static final int RUNNING = 0;
    private static final int PARKED = 1;
    private static final int WAKING = 2;
    private static final int CLOSED = 3;
    private static final int ENDED = 4;

    private static final long DEFAULT_TICK_NANOS = 4_000_000L;
    private static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMillis(200);
    private static final AtomicInteger TICKER_NUMBERS = new AtomicInteger();

    private static final VarHandle MONOTONIC_WORD;
    private static final VarHandle REALTIME_WORD;
    private static final VarHandle READ_MARK;
    private static final VarHandle TICKER_STATE;
    private static final VarHandle TICKS;
    private static final VarHandle PARKS;
    private static final VarHandle WAKEUPS;
    private static final VarHandle ACHIEVED_TICK;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MONOTONIC_WORD = lookup.findVarHandle(CachedClock.class, "monotonicWord", long.class);
            REALTIME_WORD = lookup.findVarHandle(CachedClock.class, "realtimeWord", long.class);
            READ_MARK = lookup.findVarHandle(CachedClock.class, "readMark", int.class);
            TICKER_STATE = lookup.findVarHandle(CachedClock.class, "tickerState", int.class);
            TICKS = lookup.findVarHandle(CachedClock.class, "ticks", long.class);
            PARKS = lookup.findVarHandle(CachedClock.class, "parks", long.class);
            WAKEUPS = lookup.findVarHandle(CachedClock.class, "wakeups", long.class);
            ACHIEVED_TICK = lookup.findVarHandle(CachedClock.class, "achievedTickNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Accessed only through the VarHandles above, in the modes named at each access.
    private long monotonicWord;
    private long realtimeWord;
    private int readMark;
    private int tickerState;
    private long ticks;
    private long parks;
    private long wakeups;
    private long achievedTickNanos;

    private final long tickNanos;
    private final long idleTimeoutNanos;
    private final LongSupplier monotonicSampler;
    private final LongSupplier realtimeSampler;
    private final long monotonicSamplerResolutionNanos;
    private final long realtimeSamplerResolutionNanos;
    private final boolean closeable;
    private final TimeSource monotonicView;
    private final TimeSource realtimeView;
    private final Thread ticker;

    private CachedClock(Builder builder, boolean closeable) {
        this.tickNanos = builder.tickNanos;
        this.idleTimeoutNanos = builder.idleTimeoutNanos;
        KernelClock realtimeSource = KernelClock.of(ClockId.REALTIME);
        this.monotonicSampler = builder.monotonicSampler != null ? builder.monotonicSampler : System::nanoTime;
        this.realtimeSampler = builder.realtimeSampler != null ? builder.realtimeSampler : realtimeSource::nanos;
        // System.nanoTime() is CLOCK_MONOTONIC on Linux; its resolution is that clock's.
        this.monotonicSamplerResolutionNanos = KernelClock.of(ClockId.MONOTONIC).resolutionNanos();
        this.realtimeSamplerResolutionNanos = realtimeSource.resolutionNanos();
        ACHIEVED_TICK.set(this, tickNanos);
        this.closeable = closeable;
        this.monotonicView = new MonotonicView(this);
        this.realtimeView = new RealtimeView(this);
        // First values before any reader can see this object; the thread start below publishes them safely.
        MONOTONIC_WORD.set(this, sampleMonotonic() | UNREAD);
        REALTIME_WORD.set(this, sampleRealtime() | UNREAD);
        TICKER_STATE.set(this, RUNNING);
        this.ticker = Thread.ofPlatform()
                .daemon(true)
                .name("kernkit-clock-ticker-" + TICKER_NUMBERS.incrementAndGet())
                .unstarted(this::runTicker);
    }

    /** {@return a builder for a cached clock with a chosen tick and idle timeout} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a cached clock with the default tick (the kernel's coarse resolution, {@code clock_getres
     * (CLOCK_MONOTONIC_COARSE)}, 4 ms here; 4 ms where that clock is unavailable) and idle timeout (200 ms).
     *
     * @return a running clock; {@link #close()} it when done (an unclosed one costs nothing while idle)
     */
    public static CachedClock start() {
        return builder().start();
    }

    /**
     * The process-wide cached clock with default settings, started on first use. It parks when idle, so sharing it
     * costs nothing when unused; it cannot be closed.
     *
     * @return the shared instance
     */
    public static CachedClock shared() {
        return Shared.INSTANCE;
    }

    private static final class Shared {
        static final CachedClock INSTANCE = builder().startUncloseable();
    }

    // ---------------------------------------------------------------------------------------------- reads

    /**
     * The monotonic time as of the last tick: {@code System.nanoTime()} (CLOCK_MONOTONIC on Linux) sampled by the
     * ticker, at most one tick (plus the ticker's scheduling delay) old, rounded down to an even nanosecond. Never
     * smaller than a value returned before it in happens-before order, in any thread. The first read after the
     * ticker went idle samples the clock itself and restarts the ticker.
     *
     * @return nanoseconds on the {@link TimeScale#MONOTONIC} scale of {@link System#nanoTime()}
     */
    public long monotonicNanos() {
        // getAcquire: one load (a plain MOV on x86, LDAR on AArch64). Acquire, not opaque, so that the slow path's
        // read-mark store cannot move above this load (LoadStore): the argument needs "load, then mark".
        long word = (long) MONOTONIC_WORD.getAcquire(this);
        if ((word & UNREAD) == 0) {
            return word;
        }
        return readSlow(true);
    }

    /**
     * The wall-clock time as of the last tick, in nanoseconds since the epoch ({@code clock_gettime(CLOCK_REALTIME)}
     * sampled by the ticker, or {@code Instant.now()} where that is unavailable), at most one tick (plus the ticker's
     * scheduling delay) old, rounded down to an even nanosecond. Follows the system clock, so it may step back when
     * the clock is set. The first read after the ticker went idle samples the clock itself and restarts the ticker.
     *
     * @return nanoseconds on the {@link TimeScale#EPOCH} scale
     */
    public long realtimeNanos() {
        long word = (long) REALTIME_WORD.getAcquire(this); // see monotonicNanos()
        if ((word & UNREAD) == 0) {
            return word;
        }
        return readSlow(false);
    }

    /**
     * The first read of each publish (U set), every read while the ticker is parked or waking, and every read after
     * close. See the class comment, points 2 to 4.
     */
    private long readSlow(boolean monotonic) {
        for (int spins = 0; ; spins++) {
            // (a) acquire: the value whose U we may clear; nothing below moves above it.
            long word = loadWordAcquire(monotonic);
            if ((word & UNREAD) == 0) {
                return word;
            }
            // (b) volatile store: StoreLoad before (c); the ticker's (e) sees it unless (c) sees PARKED.
            READ_MARK.setVolatile(this, 1);
            // (c) volatile load of the ticker state.
            int state = (int) TICKER_STATE.getVolatile(this);
            if (state == RUNNING) {
                // The ticker keeps ticking (it saw our mark if it tried to park): the value is the latest publish.
                // CAS so that we only clear U of the value we read; a failed CAS means a new publish: reload.
                if (clearUnread(monotonic, word)) {
                    return word & TIME_BITS;
                }
            } else if (state == PARKED) {
                if (TICKER_STATE.compareAndSet(this, PARKED, WAKING)) {
                    // WAKING is exclusive: this reader is the only writer of the words until it stores a state.
                    return wakeTicker(monotonic);
                }
            } else if (state == ENDED) {
                // Acquire (volatile) read of ENDED: the ticker's last publish (U set) happens-before this sample, so
                // no read ordered after this one can load an older value with U clear.
                return monotonic ? sampleMonotonic() : sampleRealtime();
            } else {
                // WAKING: another reader is publishing fresh values and will store RUNNING in a moment.
                // CLOSED: the ticker is about to publish a last time and store ENDED.
                if (spins < 100) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
    }

    // Constant VarHandles on each side of the choice, so that the JIT inlines the access (a VarHandle held in a
    // local is not a constant and would go through the generic invocation path).
    private long loadWordAcquire(boolean monotonic) {
        return monotonic ? (long) MONOTONIC_WORD.getAcquire(this) : (long) REALTIME_WORD.getAcquire(this);
    }

    private boolean clearUnread(boolean monotonic, long word) {
        return monotonic
                ? MONOTONIC_WORD.compareAndSet(this, word, word & TIME_BITS)
                : REALTIME_WORD.compareAndSet(this, word, word & TIME_BITS);
    }

    /** Called by the one reader that moved PARKED to WAKING: publishes fresh values and restarts the ticker. */
    private long wakeTicker(boolean monotonic) {
        long monotonicNow;
        long realtimeNow;
        try {
            monotonicNow = sampleMonotonic();
            realtimeNow = sampleRealtime();
        } catch (RuntimeException | Error e) {
            // Nothing published: both words still have U set, the ticker still waits in PARKED. Put PARKED back so
            // the next reader tries again and close() is not left waiting for a WAKING that never ends.
            TICKER_STATE.setVolatile(this, PARKED);
            throw e;
        }
        // U clear: this reader is the read. Release stores: a reader that loads them with acquire sees the sampling;
        // the RUNNING store below orders them before any reader that finds RUNNING and then reloads a word.
        MONOTONIC_WORD.setRelease(this, monotonicNow);
        REALTIME_WORD.setRelease(this, realtimeNow);
        // Only the waker writes wakeups (WAKING is exclusive); opaque because diagnostics read it racily.
        WAKEUPS.setOpaque(this, (long) WAKEUPS.getOpaque(this) + 1);
        // Release: the publishes above happen-before the ticker's next publish and any reader that reads RUNNING.
        TICKER_STATE.setVolatile(this, RUNNING);
        LockSupport.unpark(ticker);
        return monotonic ? monotonicNow : realtimeNow;
    }

    private long sampleMonotonic() {
        return monotonicSampler.getAsLong() & TIME_BITS;
    }

    private long sampleRealtime() {
        return realtimeSampler.getAsLong() & TIME_BITS;
    }

    // ---------------------------------------------------------------------------------------------- ticker

    private void runTicker() {
        try {
            tickUntilClosed();
        } finally {
            // Closed, or died of an exception: either way readers must not keep a value that no longer moves.
            leaveTicker();
        }
    }

    /** Point 5 of the class comment: CLOSED, then both words bumped with U set (no sampling), then ENDED. */
    private void leaveTicker() {
        for (int spins = 0; ; spins++) {
            int state = (int) TICKER_STATE.getVolatile(this);
            if (state == CLOSED) {
                break; // close() got here first
            }
            // Volatile CAS (a dying ticker is RUNNING, or PARKED if it died on the way to its wait); WAKING is left
            // to its reader, who stores RUNNING or PARKED without a CAS.
            if (state != WAKING && TICKER_STATE.compareAndSet(this, state, CLOSED)) {
                break;
            }
            spinOrYield(spins);
        }
        markUnreadWithoutSampling(MONOTONIC_WORD);
        markUnreadWithoutSampling(REALTIME_WORD);
        // Release (volatile): the marking above happens-before any reader that reads ENDED and samples by itself.
        TICKER_STATE.setVolatile(this, ENDED);
    }

    private void markUnreadWithoutSampling(VarHandle word) {
        while (true) {
            long seen = (long) word.getVolatile(this);
            // +2 ns: a value different from any a slow reader may have loaded, so its pending clear-U CAS fails.
            // Release (volatile CAS): CLOSED, stored above, is visible to a reader that loads this value.
            if (word.compareAndSet(this, seen, ((seen & TIME_BITS) + 2) | UNREAD)) {
                return;
            }
        }
    }

    private static void spinOrYield(int spins) {
        if (spins > 100) {
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
    }

    private void tickUntilClosed() {
        final long tick = tickNanos;
        final long idleTimeout = idleTimeoutNanos;
        long achieved = tick;
        // Fixed rate: each tick is due one tick after the previous one was due, so the timer's overshoot (timer
        // slack, wake-up latency) does not add up from tick to tick. A ticker late by more than a tick starts over.
        // nanoTime differences only: a tick of Long.MAX_VALUE ns wraps `due` but not `due - now`.
        long previousPublish = System.nanoTime();
        long lastTickWithRead = previousPublish;
        long due = previousPublish + tick;
        while (true) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                Thread.interrupted(); // ignore interrupts (class comment): a set flag would make parkNanos spin
            }
            // Acquire: after a wake-up, the waker's publishes happen-before ours (monotonic words).
            if ((int) TICKER_STATE.getAcquire(this) == CLOSED) {
                return;
            }
            long now = System.nanoTime();
            if (due - now > 0) {
                continue; // woken early (a left-over unpark permit, or spuriously): wait for the rest of the tick
            }
            due = now - due >= tick ? now + tick : due + tick;
            // Volatile read-modify-write, before the publish: a mark stored after a reader loaded the value we
            // publish next belongs to the next tick and survives until our park check.
            boolean readSinceLastTick = (int) READ_MARK.getAndSet(this, 0) != 0;
            publishUnread();
            TICKS.setOpaque(this, (long) TICKS.getOpaque(this) + 1); // single writer; opaque for racy diagnostics
            achieved = nextAchievedTick(achieved, now - previousPublish);
            ACHIEVED_TICK.setOpaque(this, achieved); // single writer; opaque: the views read it racily
            previousPublish = now;
            if (readSinceLastTick) {
                lastTickWithRead = now;
            } else if (now - lastTickWithRead >= idleTimeout) {
                if (!parkWhileIdle()) {
                    return;
                }
                // The waker published at its wake-up: intervals and idleness count from there.
                previousPublish = System.nanoTime();
                lastTickWithRead = previousPublish;
                due = previousPublish + tick;
            }
        }
    }

    /**
     * The running maximum of the intervals between publishes: up at once to a longer interval, down by 1/256 of the
     * excess per shorter one. No overflow: both are non-negative, and the result lies between them.
     */
    static long nextAchievedTick(long achieved, long interval) {
        return interval >= achieved ? interval : achieved - ((achieved - interval) >> 8);
    }

    private void publishUnread() {
        // Release: the tick's sampling happens-before a reader that loads the value with acquire.
        MONOTONIC_WORD.setRelease(this, sampleMonotonic() | UNREAD);
        REALTIME_WORD.setRelease(this, sampleRealtime() | UNREAD);
    }

    /**
     * Parks the ticker until a reader wakes it or the clock is closed.
     *
     * @return {@code true} to go on ticking, {@code false} when closed
     */
    private boolean parkWhileIdle() {
        // (d) volatile CAS: fails only when closed.
        if (!TICKER_STATE.compareAndSet(this, RUNNING, PARKED)) {
            return false;
        }
        // (e) volatile load after (d): a reader that saw RUNNING at (c) stored its mark (b) before (c) < (d) < (e).
        if ((int) READ_MARK.getVolatile(this) != 0) {
            if (TICKER_STATE.compareAndSet(this, PARKED, RUNNING)) {
                return true;
            }
            // Lost to a reader's PARKED -> WAKING (it will store RUNNING) or to close(): wait below.
        }
        PARKS.setOpaque(this, (long) PARKS.getOpaque(this) + 1);
        while (true) {
            int state = (int) TICKER_STATE.getAcquire(this); // acquire: the waker's publishes before our next one
            if (state == RUNNING) {
                return true;
            }
            if (state == CLOSED) {
                return false;
            }
            LockSupport.park(this); // spurious returns re-check the state
            Thread.interrupted(); // ignore interrupts (class comment): a set flag would make park return at once
        }
    }

    // ---------------------------------------------------------------------------------------------- views, info

    /**
     * {@return the cached monotonic clock as a {@link TimeSource} (scale MONOTONIC)}, e.g. for
     * {@code asNanoTicker()}.
     */
    public TimeSource monotonic() {
        return monotonicView;
    }

    /**
     * {@return the cached realtime clock as a {@link TimeSource} (scale EPOCH)}, e.g. for {@code asClock(zone)}.
     */
    public TimeSource realtime() {
        return realtimeView;
    }

    /** {@return the tick: how often the ticker publishes while readers read} */
    public Duration tick() {
        return Duration.ofNanos(tickNanos);
    }

    /**
     * {@return how long the ticker keeps ticking without a read before it parks} It parks at the first tick that
     * comes at least this long after the last tick that saw a read (a time, whatever the ticks achieved).
     */
    public Duration idleTimeout() {
        return Duration.ofNanos(idleTimeoutNanos);
    }

    /**
     * {@return whether the ticker is publishing right now} ({@code false} while it is parked for idleness or
     * closed.) A diagnostic: the answer may be out of date when it returns.
     */
    public boolean isTicking() {
        return (int) TICKER_STATE.getVolatile(this) == RUNNING;
    }

    /**
     * {@return the tick the machine delivered lately} That is the larger of {@link #tick()} and the running maximum
     * of the intervals between the ticker's publishes (up at once, decaying by 1/256 of its excess per tick).
     * Diagnostic, read racily.
     */
    public Duration achievedTick() {
        return Duration.ofNanos(achievedTickNanos());
    }

    private long achievedTickNanos() {
        return Math.max(tickNanos, (long) ACHIEVED_TICK.getOpaque(this));
    }

    /** {@code a + b} for non-negative values, {@link Long#MAX_VALUE} where it would overflow. */
    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** {@return how many ticks the ticker has published since the start} Diagnostic; read racily. */
    public long ticks() {
        return (long) TICKS.getOpaque(this);
    }

    /** {@return how many times the ticker parked for idleness} Diagnostic; read racily. */
    public long parks() {
        return (long) PARKS.getOpaque(this);
    }

    /** {@return how many times a reader found the ticker parked and woke it} Diagnostic; read racily. */
    public long wakeups() {
        return (long) WAKEUPS.getOpaque(this);
    }

    /**
     * Whether both published words have U set (for tests of invariant 2: it must hold whenever the ticker is
     * parked and no reader is between its CAS PARKED to WAKING and its publish).
     */
    boolean publishedValuesUnread() {
        return ((long) MONOTONIC_WORD.getVolatile(this) & UNREAD) != 0 && ((long) REALTIME_WORD.getVolatile(this) & UNREAD) != 0;
    }

    /** The ticker thread, for tests that check its state. */
    Thread tickerThread() {
        return ticker;
    }

    /**
     * Stops the ticker and waits for it to end. Reads after close stay correct: each samples the precise clocks
     * itself (no longer one load), and monotonic reads still never go backwards. Idempotent.
     *
     * @throws UnsupportedOperationException when called on {@link #shared()}
     */
    @Override
    public void close() {
        if (!closeable) {
            throw new UnsupportedOperationException("the shared CachedClock is used by the whole process and cannot be closed");
        }
        for (int spins = 0; ; spins++) {
            int state = (int) TICKER_STATE.getVolatile(this);
            if (state == CLOSED || state == ENDED) {
                break;
            }
            // WAKING is left to its reader, who stores RUNNING without a CAS; close from RUNNING or PARKED only.
            if (state != WAKING && TICKER_STATE.compareAndSet(this, state, CLOSED)) {
                break;
            }
            spinOrYield(spins);
        }
        LockSupport.unpark(ticker);
        if (ticker.isAlive() && Thread.currentThread() != ticker) {
            boolean interrupted = false;
            while (true) {
                try {
                    ticker.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "CachedClock[tick " + tickNanos + " ns, idle timeout " + idleTimeoutNanos + " ns, "
                + (isTicking() ? "ticking" : "not ticking") + ", ticks " + ticks() + "]";
    }

    /** Builds and starts a {@link CachedClock}. Not thread-safe; each {@link #start()} starts a new clock. */
    public static final class Builder {
        private long tickNanos = defaultTickNanos(KernelClock.monotonicCoarse());
        private long idleTimeoutNanos = DEFAULT_IDLE_TIMEOUT.toNanos();
        private LongSupplier monotonicSampler;
        private LongSupplier realtimeSampler;

        private Builder() {}

        /** The coarse clock's resolution (its tick) where it is native, 4 ms where it is the JDK fallback. */
        static long defaultTickNanos(KernelClock coarse) {
            return coarse.isNative() ? coarse.resolutionNanos() : DEFAULT_TICK_NANOS;
        }

        /**
         * Sets the tick: how often the ticker publishes while readers read.
         *
         * @param tick at least 1 microsecond
         * @return this builder
         * @throws IllegalArgumentException when {@code tick} is shorter than 1 microsecond, naming it
         */
        public Builder tick(Duration tick) {
            long nanos = toNanos(Objects.requireNonNull(tick, "tick"), "tick");
            if (nanos < 1_000L) {
                throw new IllegalArgumentException("tick " + tick + " (" + nanos + " ns) is shorter than 1 microsecond");
            }
            this.tickNanos = nanos;
            return this;
        }

        /**
         * Sets how long the ticker goes on without a read before it parks.
         *
         * @param idleTimeout positive; the ticker parks at its first tick this long after the last tick that saw a
         *     read
         * @return this builder
         * @throws IllegalArgumentException when {@code idleTimeout} is zero or negative, naming it
         */
        public Builder idleTimeout(Duration idleTimeout) {
            long nanos = toNanos(Objects.requireNonNull(idleTimeout, "idleTimeout"), "idleTimeout");
            if (nanos <= 0) {
                throw new IllegalArgumentException("idleTimeout " + idleTimeout + " must be positive");
            }
            this.idleTimeoutNanos = nanos;
            return this;
        }

        private static long toNanos(Duration duration, String what) {
            try {
                return duration.toNanos();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(what + " " + duration + " does not fit in a long of nanoseconds", e);
            }
        }

        /**
         * Replaces what the clock samples (for tests: a sampler that throws kills the ticker, one that blocks
         * stretches a tick). Null restores the default ({@code System.nanoTime()}, {@code CLOCK_REALTIME}).
         */
        Builder samplers(LongSupplier monotonic, LongSupplier realtime) {
            this.monotonicSampler = monotonic;
            this.realtimeSampler = realtime;
            return this;
        }

        /**
         * Starts a clock with these settings: samples both clocks, then starts its daemon ticker thread.
         *
         * @return the running clock; close it when done
         */
        public CachedClock start() {
            return startWith(true);
        }

        CachedClock startUncloseable() {
            return startWith(false);
        }

        private CachedClock startWith(boolean closeable) {
            CachedClock clock = new CachedClock(this, closeable);
            clock.ticker.start(); // Thread.start: everything the constructor wrote happens-before the ticker's run
            return clock;
        }
    }

    private static final class MonotonicView implements TimeSource {
        private final CachedClock clock;

        MonotonicView(CachedClock clock) {
            this.clock = clock;
        }

        @Override
        public String name() {
            return "cached monotonic";
        }

        @Override
        public long nanos() {
            return clock.monotonicNanos();
        }

        /** The achieved tick plus the resolution of {@code System.nanoTime()} (class comment, "Staleness"). */
        @Override
        public long resolutionNanos() {
            return saturatedSum(clock.achievedTickNanos(), clock.monotonicSamplerResolutionNanos);
        }

        @Override
        public TimeScale scale() {
            return TimeScale.MONOTONIC;
        }

        @Override
        public String toString() {
            return name() + "[resolution " + resolutionNanos() + " ns]";
        }
    }

    private static final class RealtimeView implements TimeSource {
        private final CachedClock clock;

        RealtimeView(CachedClock clock) {
            this.clock = clock;
        }

        @Override
        public String name() {
            return "cached realtime";
        }

        @Override
        public long nanos() {
            return clock.realtimeNanos();
        }

        /** The achieved tick plus the resolution of {@code CLOCK_REALTIME} (class comment, "Staleness"). */
        @Override
        public long resolutionNanos() {
            return saturatedSum(clock.achievedTickNanos(), clock.realtimeSamplerResolutionNanos);
        }

        @Override
        public TimeScale scale() {
            return TimeScale.EPOCH;
        }

        @Override
        public String toString() {
            return name() + "[resolution " + resolutionNanos() + " ns]";
        }
    }
}

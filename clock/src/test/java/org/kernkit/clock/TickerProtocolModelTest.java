package org.kernkit.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Exhaustive check of {@link CachedClock}'s ticker/reader/park/wake/close/death protocol (class comment, points 1 to
 * 5) on a model: every interleaving of one ticker (up to {@value #TICKS} ticks), two readers (one or {@value #READS} reads
 * each) and, when asked, a closer, and every moment at which the ticker may die of a sampling failure.
 *
 * <p><b>Both words.</b> The model has the monotonic and the realtime word, each with its own U bit; the ticker and
 * the waker publish both, one store each. Reader 0 reads monotonic then realtime, reader 1 realtime then monotonic.
 *
 * <p><b>Memory model: x86-TSO, with each access in the mode the code uses.</b> Every thread has a FIFO store buffer.
 * A release store ({@code setRelease}: the publishes) goes into the buffer and reaches memory at a moment the
 * exploration chooses (a "flush" step); a load ({@code getAcquire}, {@code getVolatile}: both plain loads on x86)
 * reads the thread's own newest buffered store to that variable, else memory; a volatile store, a CAS and a
 * getAndSet first drain the buffer (the {@code MFENCE} / {@code LOCK} prefix). This lets a release store be seen
 * late by other threads, which sequential consistency hides, so a volatile access weakened to a release one (the
 * Dekker pairs) is caught ({@link Variant#READER_MARKS_WITH_RELEASE}). It is stronger than the Java memory model on
 * AArch64 (TSO has no load-load or store-store reordering); the jcstress tests in module {@code kernkit-jcstress}
 * run the same pairs on the real JIT.
 *
 * <pre>
 *   ticker: CHECK (closed?) → RESET (getAndSet mark) → PUBLISH_M → PUBLISH_R (setRelease, word := ++now | U)
 *           → [no mark] PARK_CAS → RECHECK → WAIT (mark seen: ABORT)
 *           closed or died: LEAVE (CAS → CLOSED, waits while WAKING) → BUMP_M → BUMP_R (CAS: new value | U) → END
 *           may die (sampling throws) at PUBLISH_M or PUBLISH_R, then LEAVE
 *   close:  CAS RUNNING/PARKED → CLOSED (waits while WAKING) → join the ticker
 *   reader: START → LOAD (acquire) → [U clear: return] → MARK (volatile) → STATE (volatile) →
 *           RUNNING: CAS clear U, return │ PARKED: WAKE_CAS → PUBLISH_M → PUBLISH_R (release, U clear) → RUNNING
 *           WAKING, CLOSED: LOAD again  │ ENDED: sample, return
 * </pre>
 *
 * Checked: no read that starts while the ticker is parked, after close() returned, or after the ticker ended,
 * returns a value published before it started; returned values of each word never decrease (per reader and across
 * readers); a bumped value (point 5, never sampled) is never returned; in every reachable state a parked or ended
 * ticker left both words with U set; close() always returns. Broken variants that must fail, showing each check can
 * fail: see {@link Variant}.
 */
class TickerProtocolModelTest {

    enum Variant {
        AS_BUILT,
        /** The ticker parks without re-checking the mark. */
        TICKER_SKIPS_RECHECK,
        /** The reader stores its mark before loading the value (a design bug found while writing the argument). */
        READER_MARKS_BEFORE_LOAD,
        /** close() overrides a waking reader's WAKING. */
        CLOSE_OVERRIDES_WAKING,
        /** The first version of close: readers sampled by themselves as soon as they saw CLOSED. */
        READER_SAMPLES_WHEN_CLOSED,
        /** The ticker's way out before issue 13: a last publish with U set and ENDED, without CLOSED first. */
        TICKER_LEAVES_WITHOUT_CLOSING,
        /** The last publish sets U on the old value instead of a new one: a pending clear-U CAS still succeeds. */
        LAST_PUBLISH_KEEPS_THE_VALUE,
        /** The reader's mark is a release store (buffered) instead of a volatile one: Dekker needs StoreLoad. */
        READER_MARKS_WITH_RELEASE
    }

    // ticker program counters
    static final int T_CHECK = 0, T_RESET = 1, T_PUBLISH_M = 2, T_PUBLISH_R = 3, T_PARK_CAS = 4, T_RECHECK = 5,
            T_ABORT = 6, T_WAIT = 7, T_LEAVE = 8, T_BUMP_M = 9, T_BUMP_R = 10, T_END = 11, T_EXITED = 12;
    // closer program counters
    static final int C_IDLE = 0, C_CAS = 1, C_JOIN = 2, C_DONE = 3;
    // reader program counters
    static final int R_START = 0, R_LOAD = 1, R_MARK = 2, R_STATE = 3, R_CAS = 4, R_WAKE_CAS = 5, R_PUBLISH_M = 6,
            R_PUBLISH_R = 7, R_RUNNING = 8, R_DONE = 9, R_SAMPLE = 10;
    static final int RUNNING = 0, PARKED = 1, WAKING = 2, CLOSED = 3, ENDED = 4;
    static final int READERS = 2, READS = 2, TICKS = 2;

    // shared variables, indices into State.memory; a word is time * 4 + bumped * 2 + unread
    static final int MONO = 0, REAL = 1, MARK = 2, STATE = 3, VARIABLES = 4;
    static final int UNREAD = 1, BUMPED = 2;
    // threads with a store buffer
    static final int TICKER = READERS, THREADS = READERS + 1;
    static final int BUFFER = 2; // at most two stores are ever pending: the two publishes

    static int word(int time, boolean unread) {
        return time * 4 + (unread ? UNREAD : 0);
    }

    /** One global state of the model; {@code key()} identifies it for the visited set. */
    static final class State {
        int[] memory = {word(0, true), word(0, true), 0, RUNNING};
        /** Per thread, up to BUFFER pending (variable, value) stores, oldest first; -1 when empty. */
        int[] bufferVar = filled(THREADS * BUFFER, -1);
        int[] bufferValue = new int[THREADS * BUFFER];
        int now;
        int[] maxReturned = new int[2];
        int tpc = T_CHECK;
        int cpc = C_DONE; // C_IDLE when the model includes a close()
        boolean mayDie;
        boolean tso;
        boolean sameWord;
        boolean died;
        boolean closeReturned;
        int ticksLeft = TICKS;
        boolean tickerSawRead;
        int[] rpc = new int[READERS];
        int[] readsLeft = filled(READERS, READS);
        int[] loaded = new int[READERS];
        int[] ownSample = new int[READERS * 2];
        int[] startNow = new int[READERS];
        boolean[] startFreshNeeded = new boolean[READERS];
        int[] startMax = new int[READERS];
        int[] lastReturned = new int[READERS * 2];

        static int[] filled(int length, int value) {
            int[] a = new int[length];
            Arrays.fill(a, value);
            return a;
        }

        State copy() {
            State s = new State();
            s.memory = memory.clone();
            s.bufferVar = bufferVar.clone();
            s.bufferValue = bufferValue.clone();
            s.now = now;
            s.maxReturned = maxReturned.clone();
            s.tpc = tpc;
            s.cpc = cpc;
            s.mayDie = mayDie;
            s.tso = tso;
            s.sameWord = sameWord;
            s.died = died;
            s.closeReturned = closeReturned;
            s.ticksLeft = ticksLeft;
            s.tickerSawRead = tickerSawRead;
            s.rpc = rpc.clone();
            s.readsLeft = readsLeft.clone();
            s.loaded = loaded.clone();
            s.ownSample = ownSample.clone();
            s.startNow = startNow.clone();
            s.startFreshNeeded = startFreshNeeded.clone();
            s.startMax = startMax.clone();
            s.lastReturned = lastReturned.clone();
            return s;
        }

        /** Every field, one byte each (no packing, so distinct states never share a key). */
        Key key() {
            int[][] parts = {memory, bufferVar, bufferValue, maxReturned, rpc, readsLeft, loaded, ownSample, startNow,
                    startMax, lastReturned,
                    {now, tpc, cpc, mayDie ? 1 : 0, died ? 1 : 0, closeReturned ? 1 : 0, ticksLeft, tickerSawRead ? 1 : 0,
                            startFreshNeeded[0] ? 1 : 0, startFreshNeeded[1] ? 1 : 0}};
            int length = 0;
            for (int[] part : parts) {
                length += part.length;
            }
            byte[] bytes = new byte[length];
            int i = 0;
            for (int[] part : parts) {
                for (int v : part) {
                    if (v != (byte) v) {
                        throw new IllegalStateException("model value " + v + " at slot " + i + " does not fit a byte");
                    }
                    bytes[i++] = (byte) v;
                }
            }
            return new Key(bytes);
        }

        // ------------------------------------------------------------------------- TSO memory

        boolean bufferEmpty(int thread) {
            return bufferVar[thread * BUFFER] < 0;
        }

        /** A load: the thread's newest buffered store to {@code variable}, else memory. */
        int load(int thread, int variable) {
            for (int i = BUFFER - 1; i >= 0; i--) {
                if (bufferVar[thread * BUFFER + i] == variable) {
                    return bufferValue[thread * BUFFER + i];
                }
            }
            return memory[variable];
        }

        /** A release (plain) store: into the store buffer (straight to memory when the model is SC). */
        void storeRelease(int thread, int variable, int value) {
            if (!tso) {
                memory[variable] = value;
                return;
            }
            for (int i = 0; i < BUFFER; i++) {
                if (bufferVar[thread * BUFFER + i] < 0) {
                    bufferVar[thread * BUFFER + i] = variable;
                    bufferValue[thread * BUFFER + i] = value;
                    return;
                }
            }
            throw new IllegalStateException("store buffer of thread " + thread + " overflows the model's bound");
        }

        /** The oldest buffered store of {@code thread} reaches memory. */
        void flushOne(int thread) {
            int base = thread * BUFFER;
            memory[bufferVar[base]] = bufferValue[base];
            for (int i = 0; i < BUFFER - 1; i++) {
                bufferVar[base + i] = bufferVar[base + i + 1];
                bufferValue[base + i] = bufferValue[base + i + 1];
            }
            bufferVar[base + BUFFER - 1] = -1;
        }

        @Override
        public String toString() {
            return "memory " + Arrays.toString(memory) + ", buffers " + Arrays.toString(bufferVar) + "="
                    + Arrays.toString(bufferValue) + ", ticker pc " + tpc + ", readers pc " + Arrays.toString(rpc)
                    + ", closer pc " + cpc + ", now " + now + (died ? ", ticker died" : "");
        }
    }

    /** A state's fields as values, compared by content. */
    record Key(byte[] values) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && Arrays.equals(values, that.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }

    /**
     * What to explore: with a closer, whether the ticker may die, TSO store buffers (else sequential consistency),
     * reads per reader, and whether both readers read the monotonic word only (else reader 0 reads monotonic first,
     * reader 1 realtime first, each alternating). TSO multiplies the states by the moments at which each buffered
     * store lands, and a closer by the moments it may start, so those setups have fewer reads; there the readers
     * share a word, and reader 1 reads twice (clearing U, then reading fast), so the cross-reader monotonic check
     * still bites.
     */
    record Setup(boolean withClose, boolean mayDie, boolean tso, int readsOfReader0, int readsOfReader1, boolean sameWord) {}

    // actors: -3 the ticker dying, -2 the closer, -1 the ticker, 0..READERS-1 the readers, THREADS.. flushes
    static final int DIE = -3, CLOSER = -2, TICKER_STEP = -1, FLUSH = 100;

    /** States the last {@link #explore} visited (printed by the tests, for the doc's figures). */
    static int lastExploredStates;

    /** Explores every interleaving; returns the first violation found, or null. */
    static String explore(Variant variant, Setup setup) {
        Set<Key> visited = new HashSet<>();
        Deque<State> stack = new ArrayDeque<>();
        State initial = new State();
        initial.cpc = setup.withClose() ? C_IDLE : C_DONE;
        initial.mayDie = setup.mayDie();
        initial.tso = setup.tso();
        initial.sameWord = setup.sameWord();
        initial.readsLeft[0] = setup.readsOfReader0();
        initial.readsLeft[1] = setup.readsOfReader1();
        stack.push(initial);
        int[] actors = new int[3 + READERS + THREADS];
        int a = 0;
        actors[a++] = DIE;
        actors[a++] = CLOSER;
        actors[a++] = TICKER_STEP;
        for (int r = 0; r < READERS; r++) {
            actors[a++] = r;
        }
        for (int t = 0; t < THREADS; t++) {
            actors[a++] = FLUSH + t;
        }
        while (!stack.isEmpty()) {
            State state = stack.pop();
            if (!visited.add(state.key())) {
                continue;
            }
            lastExploredStates = visited.size();
            String broken = checkEveryState(state);
            if (broken != null) {
                return broken + " (" + state + ")";
            }
            boolean anyStep = false;
            for (int actor : actors) {
                State next = state.copy();
                try {
                    boolean stepped = switch (actor) {
                        case DIE -> dieStep(next);
                        case CLOSER -> closerStep(next, variant);
                        case TICKER_STEP -> tickerStep(next, variant);
                        default -> actor >= FLUSH ? flushStep(next, actor - FLUSH) : readerStep(next, actor, variant);
                    };
                    if (!stepped) {
                        continue;
                    }
                } catch (AssertionError e) {
                    return e.getMessage() + " (" + state + ")";
                }
                anyStep = true;
                stack.push(next);
            }
            if (!anyStep && state.cpc != C_DONE) {
                return "close() never returns (" + state + ")";
            }
        }
        return null;
    }

    /** Invariant 2, and its counterpart after the ticker left: values a reader may return without the slow path. */
    static String checkEveryState(State s) {
        boolean bothUnread = (s.memory[MONO] & UNREAD) != 0 && (s.memory[REAL] & UNREAD) != 0;
        if (s.tpc == T_WAIT && s.memory[STATE] == PARKED && s.bufferEmpty(TICKER) && !bothUnread) {
            return "ticker parked with a value marked read: no reader will wake it";
        }
        if (s.tpc == T_EXITED && !bothUnread) {
            return "ticker ended with a value marked read: later reads would return a value that no longer moves";
        }
        return null;
    }

    static boolean flushStep(State s, int thread) {
        if (s.bufferEmpty(thread)) {
            return false;
        }
        s.flushOne(thread);
        return true;
    }

    /** The ticker's sampling throws at a publish (the dying ticker leaves by its finally). */
    static boolean dieStep(State s) {
        if (!s.mayDie || s.died || (s.tpc != T_PUBLISH_M && s.tpc != T_PUBLISH_R)) {
            return false;
        }
        s.died = true;
        s.tpc = T_LEAVE;
        return true;
    }

    static boolean closerStep(State s, Variant variant) {
        switch (s.cpc) {
            case C_IDLE -> s.cpc = C_CAS;
            case C_CAS -> {
                int state = s.memory[STATE]; // CAS: the closer has no buffered stores
                if (state == CLOSED || state == ENDED) {
                    s.cpc = C_JOIN;
                } else if (state == WAKING && variant != Variant.CLOSE_OVERRIDES_WAKING) {
                    return false; // spins until the waker stores RUNNING
                } else {
                    s.memory[STATE] = CLOSED;
                    s.cpc = C_JOIN;
                }
            }
            case C_JOIN -> {
                if (s.tpc != T_EXITED) {
                    return false; // Thread.join()
                }
                s.closeReturned = true;
                s.cpc = C_DONE;
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    static boolean tickerStep(State s, Variant variant) {
        final int t = TICKER;
        // Volatile stores, CASes and getAndSet drain the store buffer first (x86: MFENCE / LOCK).
        boolean drainingStep = switch (s.tpc) {
            case T_RESET, T_PARK_CAS, T_ABORT, T_LEAVE, T_BUMP_M, T_BUMP_R, T_END -> true;
            default -> false;
        };
        if (drainingStep && !s.bufferEmpty(t)) {
            return false;
        }
        switch (s.tpc) {
            case T_CHECK -> { // after parkNanos(tick): getAcquire, closed?
                if (s.load(t, STATE) == CLOSED) {
                    s.tpc = T_LEAVE;
                } else if (s.ticksLeft > 0) {
                    s.tpc = T_RESET;
                } else {
                    return false; // the model's bound: no more ticks, only close() can move the ticker on
                }
            }
            case T_RESET -> {
                s.tickerSawRead = s.memory[MARK] != 0;
                s.memory[MARK] = 0;
                s.tpc = T_PUBLISH_M;
            }
            case T_PUBLISH_M -> {
                s.storeRelease(t, MONO, word(++s.now, true));
                s.tpc = T_PUBLISH_R;
            }
            case T_PUBLISH_R -> {
                s.storeRelease(t, REAL, word(++s.now, true));
                s.ticksLeft--;
                s.tpc = !s.tickerSawRead ? T_PARK_CAS : T_CHECK;
            }
            case T_PARK_CAS -> {
                if (s.memory[STATE] == RUNNING) {
                    s.memory[STATE] = PARKED;
                    s.tpc = T_RECHECK;
                } else {
                    assertEquals(CLOSED, s.memory[STATE], "only close() changes the state of a running ticker");
                    s.tpc = T_LEAVE;
                }
            }
            case T_RECHECK -> s.tpc = variant != Variant.TICKER_SKIPS_RECHECK && s.load(t, MARK) != 0 ? T_ABORT : T_WAIT;
            case T_ABORT -> {
                if (s.memory[STATE] == PARKED) {
                    s.memory[STATE] = RUNNING;
                    s.tpc = T_CHECK;
                } else {
                    s.tpc = T_WAIT;
                }
            }
            case T_WAIT -> {
                int state = s.load(t, STATE);
                if (state == RUNNING) {
                    s.tpc = T_CHECK;
                } else if (state == CLOSED) {
                    s.tpc = T_LEAVE;
                } else {
                    return false; // parked: blocked until a reader stores RUNNING or close() stores CLOSED
                }
            }
            case T_LEAVE -> {
                int state = s.memory[STATE];
                if (variant == Variant.TICKER_LEAVES_WITHOUT_CLOSING) {
                    s.tpc = T_BUMP_M;
                } else if (state == WAKING) {
                    return false; // waits for the waking reader, as close() does
                } else {
                    s.memory[STATE] = CLOSED;
                    s.tpc = T_BUMP_M;
                }
            }
            case T_BUMP_M -> {
                bump(s, MONO, variant);
                s.tpc = T_BUMP_R;
            }
            case T_BUMP_R -> {
                bump(s, REAL, variant);
                s.tpc = variant == Variant.READER_SAMPLES_WHEN_CLOSED ? T_EXITED : T_END;
            }
            case T_END -> {
                s.memory[STATE] = ENDED;
                s.tpc = T_EXITED;
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The last publish: a value nobody sampled, different from the old one, with U set (CAS, so on memory). */
    static void bump(State s, int variable, Variant variant) {
        int old = s.memory[variable];
        s.memory[variable] = variant == Variant.LAST_PUBLISH_KEEPS_THE_VALUE
                ? old | UNREAD
                : word(++s.now, true) | BUMPED;
    }

    /** Which word reader {@code r} reads next (see {@link Setup}). */
    static int wordOf(State s, int r) {
        if (s.sameWord) {
            return MONO;
        }
        return (r + s.readsLeft[r]) % 2 == 0 ? MONO : REAL;
    }

    static boolean readerStep(State s, int r, Variant variant) {
        boolean drainingStep = switch (s.rpc[r]) {
            case R_MARK -> variant != Variant.READER_MARKS_WITH_RELEASE;
            case R_CAS, R_WAKE_CAS, R_RUNNING -> true;
            default -> false;
        };
        if (drainingStep && !s.bufferEmpty(r)) {
            return false;
        }
        int w = wordOf(s, r);
        switch (s.rpc[r]) {
            case R_START -> {
                if (s.readsLeft[r] == 0) {
                    s.rpc[r] = R_DONE;
                    return true;
                }
                s.startNow[r] = s.now;
                boolean parked = s.tpc == T_WAIT && s.memory[STATE] == PARKED && s.bufferEmpty(TICKER);
                s.startFreshNeeded[r] = parked || s.closeReturned || s.tpc == T_EXITED;
                s.startMax[r] = s.maxReturned[w];
                s.rpc[r] = variant == Variant.READER_MARKS_BEFORE_LOAD ? R_MARK : R_LOAD;
            }
            case R_LOAD -> {
                s.loaded[r] = s.load(r, w);
                if ((s.loaded[r] & UNREAD) == 0) {
                    finishRead(s, r, w, s.loaded[r]);
                } else {
                    s.rpc[r] = variant == Variant.READER_MARKS_BEFORE_LOAD ? R_STATE : R_MARK;
                }
            }
            case R_MARK -> {
                if (variant == Variant.READER_MARKS_WITH_RELEASE) {
                    s.storeRelease(r, MARK, 1);
                } else {
                    s.memory[MARK] = 1;
                }
                s.rpc[r] = variant == Variant.READER_MARKS_BEFORE_LOAD ? R_LOAD : R_STATE;
            }
            case R_STATE -> s.rpc[r] = switch (s.load(r, STATE)) {
                case RUNNING -> R_CAS;
                case PARKED -> R_WAKE_CAS;
                case ENDED -> R_SAMPLE;
                case CLOSED -> variant == Variant.READER_SAMPLES_WHEN_CLOSED ? R_SAMPLE : R_LOAD;
                default -> R_LOAD; // WAKING: spin, then load again
            };
            case R_SAMPLE -> finishRead(s, r, w, word(++s.now, false)); // ended: sample the precise clock
            case R_CAS -> {
                if (s.memory[w] == s.loaded[r]) {
                    s.memory[w] = s.loaded[r] & ~UNREAD;
                    finishRead(s, r, w, s.loaded[r] & ~UNREAD);
                } else {
                    s.rpc[r] = R_LOAD;
                }
            }
            case R_WAKE_CAS -> {
                if (s.memory[STATE] == PARKED) {
                    s.memory[STATE] = WAKING;
                    s.rpc[r] = R_PUBLISH_M;
                } else {
                    s.rpc[r] = R_LOAD;
                }
            }
            case R_PUBLISH_M -> {
                s.ownSample[r * 2 + MONO] = word(++s.now, false);
                s.storeRelease(r, MONO, s.ownSample[r * 2 + MONO]);
                s.rpc[r] = R_PUBLISH_R;
            }
            case R_PUBLISH_R -> {
                s.ownSample[r * 2 + REAL] = word(++s.now, false);
                s.storeRelease(r, REAL, s.ownSample[r * 2 + REAL]);
                s.rpc[r] = R_RUNNING;
            }
            case R_RUNNING -> {
                s.memory[STATE] = RUNNING;
                finishRead(s, r, w, s.ownSample[r * 2 + w]);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    static void finishRead(State s, int r, int w, int value) {
        String name = w == MONO ? "monotonic" : "realtime";
        int time = value / 4;
        if ((value & BUMPED) != 0) {
            throw new AssertionError("reader " + r + " returned the " + name + " value " + time
                    + " that the leaving ticker made up (never sampled)");
        }
        if (s.startFreshNeeded[r] && time <= s.startNow[r]) {
            throw new AssertionError("reader " + r + " started at time " + s.startNow[r] + " with the ticker parked, "
                    + "closed or ended, and returned the stale " + name + " value " + time);
        }
        int last = Math.max(s.startMax[r], s.lastReturned[r * 2 + w]);
        if (time < last) {
            throw new AssertionError("reader " + r + " returned " + name + " " + time + " after " + last + " was returned");
        }
        s.lastReturned[r * 2 + w] = time;
        s.maxReturned[w] = Math.max(s.maxReturned[w], time);
        s.readsLeft[r]--;
        s.rpc[r] = R_START;
    }

    private static final Setup PLAIN = new Setup(false, false, false, READS, READS, false);
    private static final Setup CLOSING = new Setup(true, false, false, 1, 2, true);
    private static final Setup DYING = new Setup(false, true, false, 1, READS, false);
    private static final Setup CLOSING_AND_DYING = new Setup(true, true, false, 1, 1, false);
    private static final Setup PLAIN_TSO = new Setup(false, false, true, 1, 1, false);

    private static String mustBeCaught(Variant variant, Setup setup) {
        String violation = explore(variant, setup);
        assertNotNull(violation, "the model check must catch " + variant);
        System.out.println(variant + " caught after " + lastExploredStates + " states: " + violation);
        return violation;
    }

    private static void mustPass(Setup setup) {
        assertEquals(null, explore(Variant.AS_BUILT, setup));
        System.out.println(setup + ": " + lastExploredStates + " states, no violation");
    }

    @Test
    void protocolAsBuiltHasNoStaleReadNoBackwardsReadAndNeverParksWithAValueMarkedRead() {
        mustPass(PLAIN);
    }

    @Test
    void protocolAsBuiltWithACloseAtAnyMomentStaysFreshAndCloseReturns() {
        mustPass(CLOSING);
    }

    @Test
    void protocolAsBuiltWithATickerThatMayDieNeverFreezesReaders() {
        mustPass(DYING);
    }

    @Test
    void protocolAsBuiltWithACloseAndATickerThatMayDieStaysFresh() {
        mustPass(CLOSING_AND_DYING);
    }

    @Test
    void protocolAsBuiltUnderTsoWithReleasePublishesHasNoStaleReadAndNeverParksWithAValueMarkedRead() {
        mustPass(PLAIN_TSO);
    }

    @Test
    void closeThatOverridesAWakingReaderIsCaught() {
        mustBeCaught(Variant.CLOSE_OVERRIDES_WAKING, CLOSING);
    }

    @Test
    void readerThatSamplesBeforeTheTickersLastPublishIsCaught() {
        String violation = mustBeCaught(Variant.READER_SAMPLES_WHEN_CLOSED, CLOSING);
        assertTrue(violation.contains("after"), violation);
    }

    @Test
    void tickerThatParksWithoutRecheckingTheMarkIsCaught() {
        String violation = mustBeCaught(Variant.TICKER_SKIPS_RECHECK, PLAIN);
        assertTrue(violation.contains("marked read") || violation.contains("stale"), violation);
    }

    @Test
    void readerThatMarksBeforeLoadingIsCaught() {
        String violation = mustBeCaught(Variant.READER_MARKS_BEFORE_LOAD, PLAIN);
        assertTrue(violation.contains("marked read") || violation.contains("stale"), violation);
    }

    @Test
    void dyingTickerThatLeavesWithoutClosingFreezesReadersAndIsCaught() {
        String violation = mustBeCaught(Variant.TICKER_LEAVES_WITHOUT_CLOSING, DYING);
        assertTrue(violation.contains("no longer moves") || violation.contains("made up"), violation);
    }

    @Test
    void lastPublishThatKeepsTheValueLetsAPendingClearThroughAndIsCaught() {
        String violation = mustBeCaught(Variant.LAST_PUBLISH_KEEPS_THE_VALUE, DYING);
        assertTrue(violation.contains("no longer moves") || violation.contains("stale"), violation);
    }

    @Test
    void readerMarkWeakenedToAReleaseStoreIsCaughtUnderTso() {
        String violation = mustBeCaught(Variant.READER_MARKS_WITH_RELEASE, PLAIN_TSO);
        assertTrue(violation.contains("marked read") || violation.contains("stale"), violation);
    }
}

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
 * Exhaustive check of {@link CachedClock}'s ticker/reader protocol (class comment, points 1 to 3) on a model: every
 * interleaving of one ticker (up to 3 ticks) and two readers (2 reads each), each step one volatile access, under
 * sequential consistency (what the protocol's volatile accesses give it). The model mirrors the code step by step:
 *
 * <pre>
 *   ticker: CHECK (closed?) → RESET (getAndSet mark) → PUBLISH (word := ++now | U) → [no mark] PARK_CAS → RECHECK
 *           → WAIT (mark seen: ABORT);  closed: FINAL (word := ++now | U) → END (state := ENDED)
 *   close:  CAS RUNNING/PARKED → CLOSED (waits while WAKING) → join the ticker
 *   reader: START → LOAD (acquire) → [U clear: return] → MARK → STATE → RUNNING: CAS clear U, return
 *                                                                     PARKED:  WAKE_CAS → PUBLISH (U clear) → RUNNING
 *                                                                     WAKING, CLOSED: LOAD again
 *                                                                     ENDED:   sample, return
 * </pre>
 *
 * Checked: no read that starts while the ticker is parked (and nobody is waking it), or after close() returned,
 * returns a value published before it started; returned values never decrease (per reader and across readers, in
 * SC order); in every reachable state, a parked or ended ticker left the word with U set; close() always returns.
 * With a closer, close() may start at any moment. Three broken variants must fail, which shows the checks can
 * fail: the ticker parking without re-checking the mark, the reader storing its mark before loading the value,
 * close() overriding a waking reader's WAKING, and readers sampling by themselves as soon as they see CLOSED
 * (the first version of close, which this check caught: a later fast-path read could return an older time).
 */
class TickerProtocolModelTest {

    enum Variant {
        AS_BUILT, TICKER_SKIPS_RECHECK, READER_MARKS_BEFORE_LOAD, CLOSE_OVERRIDES_WAKING,
        /** The first version of close: readers sampled by themselves as soon as they saw CLOSED. */
        READER_SAMPLES_WHEN_CLOSED
    }

    // ticker program counters
    static final int T_RESET = 0, T_PUBLISH = 1, T_PARK_CAS = 2, T_RECHECK = 3, T_ABORT = 4, T_WAIT = 5, T_DONE = 6,
            T_CHECK = 7, T_FINAL = 8, T_END = 10, T_EXITED = 9;
    // closer program counters
    static final int C_IDLE = 0, C_CAS = 1, C_JOIN = 2, C_DONE = 3;
    // reader program counters
    static final int R_START = 0, R_LOAD = 1, R_MARK = 2, R_STATE = 3, R_CAS = 4, R_WAKE_CAS = 5, R_PUBLISH = 6,
            R_RUNNING = 7, R_DONE = 8, R_SAMPLE = 9;
    static final int RUNNING = 0, PARKED = 1, WAKING = 2, CLOSED = 3, ENDED = 4;
    static final int READERS = 2, READS = 2, TICKS = 3;

    /** One global state of the model; {@code key()} identifies it for the visited set. */
    static final class State {
        int wordTime;
        boolean wordUnread = true;
        int mark;
        int tickerState = RUNNING;
        int now;
        int maxReturned;
        int tpc = T_CHECK;
        int cpc = C_DONE; // C_IDLE when the model includes a close()
        boolean closeReturned;
        boolean[] startAfterClose = new boolean[READERS];
        int ticksLeft = TICKS;
        boolean tickerSawRead;
        int[] rpc = new int[READERS];
        int[] readsLeft = new int[READERS];
        int[] loadedTime = new int[READERS];
        boolean[] loadedUnread = new boolean[READERS];
        int[] ownSample = new int[READERS];
        int[] startNow = new int[READERS];
        boolean[] startParked = new boolean[READERS];
        int[] startMax = new int[READERS];
        int[] lastReturned = new int[READERS];

        State() {
            Arrays.fill(readsLeft, READS);
        }

        State copy() {
            State s = new State();
            s.wordTime = wordTime;
            s.wordUnread = wordUnread;
            s.mark = mark;
            s.tickerState = tickerState;
            s.now = now;
            s.maxReturned = maxReturned;
            s.tpc = tpc;
            s.cpc = cpc;
            s.closeReturned = closeReturned;
            s.startAfterClose = startAfterClose.clone();
            s.ticksLeft = ticksLeft;
            s.tickerSawRead = tickerSawRead;
            s.rpc = rpc.clone();
            s.readsLeft = readsLeft.clone();
            s.loadedTime = loadedTime.clone();
            s.loadedUnread = loadedUnread.clone();
            s.ownSample = ownSample.clone();
            s.startNow = startNow.clone();
            s.startParked = startParked.clone();
            s.startMax = startMax.clone();
            s.lastReturned = lastReturned.clone();
            return s;
        }

        /** Every field, one byte each (all are small; no packing, so distinct states never share a key). */
        Key key() {
            int[] v = new int[12 + 11 * READERS];
            int i = 0;
            v[i++] = wordTime;
            v[i++] = wordUnread ? 1 : 0;
            v[i++] = mark;
            v[i++] = tickerState;
            v[i++] = now;
            v[i++] = maxReturned;
            v[i++] = tpc;
            v[i++] = cpc;
            v[i++] = closeReturned ? 1 : 0;
            v[i++] = ticksLeft;
            v[i++] = tickerSawRead ? 1 : 0;
            v[i++] = -1; // separator
            for (int r = 0; r < READERS; r++) {
                v[i++] = rpc[r];
                v[i++] = readsLeft[r];
                v[i++] = loadedTime[r];
                v[i++] = loadedUnread[r] ? 1 : 0;
                v[i++] = ownSample[r];
                v[i++] = startNow[r];
                v[i++] = startParked[r] ? 1 : 0;
                v[i++] = startAfterClose[r] ? 1 : 0;
                v[i++] = startMax[r];
                v[i++] = lastReturned[r];
                v[i++] = -2; // separator
            }
            byte[] bytes = new byte[v.length];
            for (int j = 0; j < v.length; j++) {
                if (v[j] != (byte) v[j]) {
                    throw new IllegalStateException("model value " + v[j] + " at slot " + j + " does not fit a byte");
                }
                bytes[j] = (byte) v[j];
            }
            return new Key(bytes);
        }

        @Override
        public String toString() {
            return Arrays.toString(key().values());
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

        @Override
        public String toString() {
            return Arrays.toString(values);
        }
    }

    /** Explores every interleaving; returns the first violation found, or null. */
    static String explore(Variant variant) {
        return explore(variant, false);
    }

    static String explore(Variant variant, boolean withClose) {
        Set<Key> visited = new HashSet<>();
        Deque<State> stack = new ArrayDeque<>();
        State initial = new State();
        if (withClose) {
            initial.cpc = C_IDLE;
        }
        stack.push(initial);
        while (!stack.isEmpty()) {
            State state = stack.pop();
            if (!visited.add(state.key())) {
                continue;
            }
            String broken = checkEveryState(state);
            if (broken != null) {
                return broken + " (state " + state + ")";
            }
            boolean anyStep = false;
            for (int thread = -2; thread < READERS; thread++) {
                State next = state.copy();
                try {
                    boolean stepped = thread == -2 ? closerStep(next, variant)
                            : thread == -1 ? tickerStep(next, variant)
                            : readerStep(next, thread, variant);
                    if (!stepped) {
                        continue;
                    }
                } catch (AssertionError e) {
                    return e.getMessage() + " (state " + state + ")";
                }
                anyStep = true;
                stack.push(next);
            }
            if (!anyStep) {
                String violation = checkFinal(state);
                if (violation != null) {
                    return violation + " (state " + state + ")";
                }
            }
        }
        return null;
    }

    static boolean allReadersDone(State s) {
        for (int r = 0; r < READERS; r++) {
            if (s.rpc[r] != R_DONE) {
                return false;
            }
        }
        return true;
    }

    static String checkFinal(State s) {
        if (s.cpc != C_DONE) {
            return "close() never returns";
        }
        return checkEveryState(s);
    }

    /** Invariant 2, and its counterpart after close: the values a reader may load without the slow path are fresh. */
    static String checkEveryState(State s) {
        if (s.tpc == T_WAIT && s.tickerState == PARKED && !s.wordUnread) {
            return "ticker parked with the value marked read: no reader will wake it";
        }
        if (s.tpc == T_EXITED && !s.wordUnread) {
            return "ticker ended with the value marked read: readers after close would get a stale value";
        }
        return null;
    }

    static boolean closerStep(State s, Variant variant) {
        switch (s.cpc) {
            case C_IDLE -> s.cpc = C_CAS;
            case C_CAS -> {
                if (s.tickerState == CLOSED || s.tickerState == ENDED) {
                    s.cpc = C_JOIN;
                } else if (s.tickerState == WAKING && variant != Variant.CLOSE_OVERRIDES_WAKING) {
                    return false; // spins until the waker stores RUNNING
                } else {
                    s.tickerState = CLOSED;
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
        switch (s.tpc) {
            case T_CHECK -> { // after parkNanos(tick): closed?
                if (s.tickerState == CLOSED) {
                    s.tpc = T_FINAL;
                } else if (s.ticksLeft > 0) {
                    s.tpc = T_RESET;
                } else {
                    return false; // the model's bound: no more ticks, only close() can move the ticker on
                }
            }
            case T_RESET -> {
                s.tickerSawRead = s.mark != 0;
                s.mark = 0;
                s.tpc = T_PUBLISH;
            }
            case T_PUBLISH -> {
                s.wordTime = ++s.now;
                s.wordUnread = true;
                s.ticksLeft--;
                s.tpc = !s.tickerSawRead ? T_PARK_CAS : T_CHECK;
            }
            case T_PARK_CAS -> {
                if (s.tickerState == RUNNING) {
                    s.tickerState = PARKED;
                    s.tpc = T_RECHECK;
                } else {
                    assertEquals(CLOSED, s.tickerState, "only close() changes the state of a running ticker");
                    s.tpc = T_FINAL;
                }
            }
            case T_RECHECK -> s.tpc = variant != Variant.TICKER_SKIPS_RECHECK && s.mark != 0 ? T_ABORT : T_WAIT;
            case T_ABORT -> {
                if (s.tickerState == PARKED) {
                    s.tickerState = RUNNING;
                    s.tpc = T_CHECK;
                } else {
                    s.tpc = T_WAIT;
                }
            }
            case T_WAIT -> {
                if (s.tickerState == RUNNING) {
                    s.tpc = T_CHECK;
                } else if (s.tickerState == CLOSED) {
                    s.tpc = T_FINAL;
                } else {
                    return false; // parked: blocked until a reader stores RUNNING or close() stores CLOSED
                }
            }
            case T_FINAL -> {
                s.wordTime = ++s.now;
                s.wordUnread = true;
                s.tpc = variant == Variant.READER_SAMPLES_WHEN_CLOSED ? T_EXITED : T_END;
            }
            case T_END -> {
                s.tickerState = ENDED;
                s.tpc = T_EXITED;
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    static boolean readerStep(State s, int r, Variant variant) {
        switch (s.rpc[r]) {
            case R_START -> {
                if (s.readsLeft[r] == 0) {
                    s.rpc[r] = R_DONE;
                    return true;
                }
                s.startNow[r] = s.now;
                s.startParked[r] = s.tpc == T_WAIT && s.tickerState == PARKED;
                s.startAfterClose[r] = s.closeReturned;
                s.startMax[r] = s.maxReturned;
                s.rpc[r] = variant == Variant.READER_MARKS_BEFORE_LOAD ? R_MARK : R_LOAD;
            }
            case R_LOAD -> {
                s.loadedTime[r] = s.wordTime;
                s.loadedUnread[r] = s.wordUnread;
                if (!s.loadedUnread[r]) {
                    finishRead(s, r, s.loadedTime[r]);
                } else {
                    s.rpc[r] = variant == Variant.READER_MARKS_BEFORE_LOAD ? R_STATE : R_MARK;
                }
            }
            case R_MARK -> {
                s.mark = 1;
                s.rpc[r] = variant == Variant.READER_MARKS_BEFORE_LOAD ? R_LOAD : R_STATE;
            }
            case R_STATE -> s.rpc[r] = switch (s.tickerState) {
                case RUNNING -> R_CAS;
                case PARKED -> R_WAKE_CAS;
                case ENDED -> R_SAMPLE;
                case CLOSED -> variant == Variant.READER_SAMPLES_WHEN_CLOSED ? R_SAMPLE : R_LOAD;
                default -> R_LOAD; // WAKING or CLOSED: spin, then load again
            };
            case R_SAMPLE -> finishRead(s, r, ++s.now); // ended: sample the precise clock
            case R_CAS -> {
                if (s.wordTime == s.loadedTime[r] && s.wordUnread) {
                    s.wordUnread = false;
                    finishRead(s, r, s.loadedTime[r]);
                } else {
                    s.rpc[r] = R_LOAD;
                }
            }
            case R_WAKE_CAS -> {
                if (s.tickerState == PARKED) {
                    s.tickerState = WAKING;
                    s.rpc[r] = R_PUBLISH;
                } else {
                    s.rpc[r] = R_LOAD;
                }
            }
            case R_PUBLISH -> {
                s.ownSample[r] = ++s.now;
                s.wordTime = s.ownSample[r];
                s.wordUnread = false;
                s.rpc[r] = R_RUNNING;
            }
            case R_RUNNING -> {
                s.tickerState = RUNNING;
                finishRead(s, r, s.ownSample[r]);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    static void finishRead(State s, int r, int value) {
        if (s.startParked[r] && value <= s.startNow[r]) {
            throw new AssertionError("reader " + r + " started while the ticker was parked at time " + s.startNow[r]
                    + " and returned the stale value " + value);
        }
        if (s.startAfterClose[r] && value <= s.startNow[r]) {
            throw new AssertionError("reader " + r + " started after close() returned, at time " + s.startNow[r]
                    + ", and returned the stale value " + value);
        }
        if (value < s.startMax[r] || value < s.lastReturned[r]) {
            throw new AssertionError("reader " + r + " returned " + value + " after "
                    + Math.max(s.startMax[r], s.lastReturned[r]) + " was returned");
        }
        s.lastReturned[r] = value;
        s.maxReturned = Math.max(s.maxReturned, value);
        s.readsLeft[r]--;
        s.rpc[r] = R_START;
    }

    @Test
    void protocolAsBuiltHasNoStaleReadNoBackwardsReadAndNeverParksWithAValueMarkedRead() {
        assertEquals(null, explore(Variant.AS_BUILT));
    }

    @Test
    void protocolAsBuiltWithACloseAtAnyMomentStaysFreshAndCloseReturns() {
        assertEquals(null, explore(Variant.AS_BUILT, true));
    }

    @Test
    void closeThatOverridesAWakingReaderIsCaught() {
        String violation = explore(Variant.CLOSE_OVERRIDES_WAKING, true);
        assertNotNull(violation, "the model check must catch a close() that overrides WAKING");
        System.out.println("close overriding WAKING: " + violation);
    }

    @Test
    void readerThatSamplesBeforeTheTickersLastPublishIsCaught() {
        String violation = explore(Variant.READER_SAMPLES_WHEN_CLOSED, true);
        assertNotNull(violation, "the model check must catch readers sampling while values marked read remain");
        assertTrue(violation.contains("after"), violation);
        System.out.println("reader sampling when closed: " + violation);
    }

    @Test
    void tickerThatParksWithoutRecheckingTheMarkIsCaught() {
        String violation = explore(Variant.TICKER_SKIPS_RECHECK);
        assertNotNull(violation, "the model check must catch a ticker that skips its re-check");
        System.out.println("ticker skipping the re-check: " + violation);
        assertTrue(violation.contains("marked read") || violation.contains("stale"), violation);
    }

    @Test
    void readerThatMarksBeforeLoadingIsCaught() {
        String violation = explore(Variant.READER_MARKS_BEFORE_LOAD);
        assertNotNull(violation, "the model check must catch a reader that marks before loading the value");
        System.out.println("reader marking before loading: " + violation);
        assertTrue(violation.contains("marked read") || violation.contains("stale"), violation);
    }
}

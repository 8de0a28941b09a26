package org.kernkit.cli.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kernkit.cli.CliRun;
import org.kernkit.testkit.JsonReader;

class ClockCommandTest {

    static String run(int expectedExit, String... args) {
        return CliRun.expectExit(expectedExit, args);
    }

    @Test
    void printsEveryClockWithResolutionAndCost() {
        String out = run(0, "clock", "--reads", "1000", "--rounds", "1");
        for (String clock : new String[] {"CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_REALTIME_COARSE",
                "CLOCK_MONOTONIC_COARSE", "cached realtime", "cached monotonic", "System.nanoTime()",
                "System.currentTimeMillis()", "Instant.now()"}) {
            assertTrue(out.contains(clock), () -> "no line for " + clock + ":\n" + out);
        }
        assertTrue(out.contains("ns/read"), out);
        assertTrue(out.contains("resolution"), out);
    }

    @Test
    void jsonCarriesEveryClockWithExactNumbers() throws Exception {
        String out = run(0, "clock", "--reads", "1000", "--rounds", "1", "--tick-us", "2000", "--json");
        Map<?, ?> root = (Map<?, ?>) JsonReader.parse(out);
        List<?> clocks = (List<?>) root.get("clocks");
        List<?> names = clocks.stream().map(c -> ((Map<?, ?>) c).get("clock")).toList();
        assertTrue(names.containsAll(List.of("CLOCK_MONOTONIC_COARSE", "cached monotonic", "System.nanoTime()")),
                names::toString);
        for (Object clock : clocks) {
            Map<?, ?> c = (Map<?, ?>) clock;
            assertTrue((Double) c.get("resolution_ns") >= 1 && (Double) c.get("ns_per_read") > 0, c::toString);
            assertTrue(c.containsKey("native") && c.containsKey("fallback_reason"), c::toString);
        }
        assertEquals(2_000_000.0, ((Map<?, ?>) root.get("cached_clock")).get("tick_ns"), out);
    }

    @Test
    void nonPositiveReadsIsAUsageError() {
        String out = run(2, "clock", "--reads", "0");
        assertTrue(out.contains("--reads 0"), out);
    }

    @Test
    void tickThatOverflowsIsAUsageErrorNamingIt() {
        String out = run(2, "clock", "--tick-us", "9223372036854775807");
        assertTrue(out.contains("--tick-us 9223372036854775807 is not a usable tick"), out);
    }

    @Test
    void chosenTickIsUsed() {
        String out = run(0, "clock", "--reads", "1000", "--rounds", "1", "--tick-us", "2000");
        assertTrue(out.contains("cached clock: tick 2 ms"), out);
    }

    @Test
    void tourStepShowsTheTickerParkingAndWaking() throws Exception {
        StringWriter text = new StringWriter();
        new ClockTour().run(new PrintWriter(text));
        String out = text.toString();
        assertTrue(out.contains("parked after"), out);
        assertTrue(out.contains("none while idle"), out);
        assertTrue(out.contains("after the call started"), out);
        assertFalse(out.contains("STILL TICKING"), out);
    }
}

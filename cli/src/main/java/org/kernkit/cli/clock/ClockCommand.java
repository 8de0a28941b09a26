package org.kernkit.cli.clock;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.kernkit.cli.JsonObject;
import org.kernkit.cli.ProgressLine;
import org.kernkit.clock.CachedClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kernkit clock}: every clock's value, resolution and measured read cost. */
@Command(name = "clock", mixinStandardHelpOptions = true,
        description = {
            "Print each clock's value, resolution and measured read cost: the kernel's CLOCK_REALTIME(_COARSE) and",
            "CLOCK_MONOTONIC(_COARSE) read through FFM, kernkit's cached coarse clock, and the JDK's calls.",
            "The read cost is a rough loop figure (best of --rounds loops of --reads reads); JMH figures are in",
            "docs/bench/clock.md."
        })
public final class ClockCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--reads", description = "Reads per timed loop (default: ${DEFAULT-VALUE}).", defaultValue = "2000000")
    private int reads;

    @Option(names = "--rounds", description = "Timed loops per clock; the best counts (default: ${DEFAULT-VALUE}).",
            defaultValue = "5")
    private int rounds;

    @Option(names = "--tick-us", description = "Tick of the cached clock in microseconds (default: the kernel's "
            + "coarse resolution).")
    private Long tickMicros;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    private boolean json;

    @Override
    public Integer call() {
        if (reads <= 0 || rounds <= 0) {
            throw new ParameterException(spec.commandLine(),
                    "--reads and --rounds must be positive, got --reads " + reads + " --rounds " + rounds);
        }
        if (tickMicros != null && tickMicros <= 0) {
            throw new ParameterException(spec.commandLine(), "--tick-us must be positive, got " + tickMicros);
        }
        PrintWriter out = spec.commandLine().getOut();
        CachedClock.Builder builder = CachedClock.builder();
        if (tickMicros != null) {
            try {
                builder.tick(Duration.ofNanos(Math.multiplyExact(tickMicros, 1_000L)));
            } catch (ArithmeticException | IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--tick-us " + tickMicros + " is not a usable tick: "
                        + e.getMessage());
            }
        }
        try (CachedClock cached = builder.start()) {
            ProgressLine progress = ProgressLine.onTerminal(spec.commandLine().getErr(), true);
            List<ClockTable.Row> rows = ClockTable.measure(cached, new ReadCostMeter(reads, rounds), progress);
            if (json) {
                List<JsonObject> clocks = rows.stream().map(ClockTable.Row::json).toList();
                out.println(new JsonObject().put("clocks", clocks).put("cached_clock", new JsonObject()
                        .put("tick_ns", cached.tick().toNanos()).put("idle_timeout_ms", cached.idleTimeout().toMillis())
                        .put("ticks", cached.ticks()).put("parks", cached.parks()).put("wakeups", cached.wakeups())));
            } else {
                ClockTable.print(out, rows);
                out.printf("cached clock: tick %s, idle timeout %s, %d ticks, %d parks, %d wake-ups%n",
                        ClockTable.resolution(cached.tick().toNanos()), cached.idleTimeout(), cached.ticks(),
                        cached.parks(), cached.wakeups());
            }
        }
        out.flush();
        return 0;
    }
}

package org.kernkit.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.kernkit.cli.checkpoint.CheckpointTour;
import org.kernkit.cli.clock.ClockTour;
import org.kernkit.cli.flexarray.FlexarrayTour;
import org.kernkit.cli.vfat.VfatTour;
import org.kernkit.cli.vmbus.VmbusTour;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kernkit tour}: runs every component on built-in defaults and prints what it did and measured. */
@Command(name = "tour", mixinStandardHelpOptions = true,
        description = "Run every component on built-in defaults; print what each did and measured.")
public final class TourCommand implements Callable<Integer> {

    /** The widest line the tour prints, in display columns. */
    static final int COLUMNS = 100;

    /** A command a newcomer can run after the tour, and what it shows, in a few words. */
    record Next(String command, String shows) {
        String line() {
            return String.format("  %-46s %s", command, shows);
        }
    }

    /** What a newcomer runs after the tour: one command per component. */
    static final List<Next> NEXT_COMMANDS = List.of(
            new Next("./kernkit clock", "every clock, with its cost and resolution"),
            new Next("./kernkit vfat mkfs -i disk.img -s 64M", "make a FAT image; then vfat cp, ls, check"),
            new Next("./kernkit checkpoint run pipeline --dir job", "kill it, then: checkpoint restart --dir job"),
            new Next("./kernkit vmbus ping", "two JVMs over a shared-memory ring"),
            new Next("./kernkit bench -l", "the JMH benchmarks against the peers"),
            new Next("./kernkit help vfat cp", "the help of any command"));

    @Spec
    private CommandSpec spec;

    static List<TourStep> steps() {
        return List.of(new FlexarrayTour(), new ClockTour(), new VfatTour(), new CheckpointTour(), new VmbusTour());
    }

    @Override
    public Integer call() {
        // Every step's lines are kept within 100 terminal columns, whatever they print.
        PrintWriter out = new PrintWriter(new WrappingWriter(spec.commandLine().getOut(), COLUMNS), true);
        int failed = 0;
        List<TourStep> steps = steps();
        for (int i = 0; i < steps.size(); i++) {
            TourStep step = steps.get(i);
            out.printf("%n== %d/%d %s ==%n", i + 1, steps.size(), step.title());
            out.flush();
            long start = System.nanoTime();
            try {
                step.run(out);
                out.printf("-- done in %.1f s%n", (System.nanoTime() - start) / 1e9);
            } catch (Exception | Error e) {
                failed++;
                out.printf("-- FAILED: %s%n", e);
            }
            out.flush();
        }
        out.printf("%ntour: %d of %d steps succeeded%n", steps.size() - failed, steps.size());
        out.println();
        out.println("Next, try:");
        for (Next next : NEXT_COMMANDS) {
            out.println(next.line());
        }
        out.flush();
        return failed == 0 ? 0 : 1;
    }
}

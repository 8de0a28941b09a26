package org.kernkit.cli.checkpoint.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.kernkit.checkpoint.Container;
import org.kernkit.checkpoint.Job;
import org.kernkit.checkpoint.StepResult;
import org.kernkit.checkpoint.TaskContext;
import org.kernkit.checkpoint.TaskProgram;
import org.kernkit.checkpoint.device.Signals;
import org.kernkit.checkpoint.device.Terminal;
import org.kernkit.checkpoint.image.ImageFormatException;
import org.kernkit.checkpoint.image.StateCodec;
import org.kernkit.checkpoint.image.StateReader;
import org.kernkit.checkpoint.image.StateWriter;

/**
 * The example job with signals and a terminal.
 *
 * <pre>
 *  2 typist --type()--&gt; [ terminal "tty": line discipline ] --readLine()--&gt; 1 shell --&gt; terminal.log
 *     erase (DEL) edits the line; Ctrl-C sends SIGINT to the shell (foreground)    ^ SIGUSR1, queued
 *  3 pinger ----------------------------------------------------------------------'  (blocked by "block")
 *  4 console &lt;--drainOutput()-- echo and the shell's replies --&gt; console.out
 * </pre>
 *
 * The shell blocks SIGUSR1 on "block" and unblocks it on "unblock", so checkpoints catch pending, blocked signals,
 * half-typed lines and undrained terminal output.
 */
public final class TerminalJob implements Job {

    /** The job's name. */
    public static final String NAME = "terminal";
    /** The shell's log. */
    public static final String LOG = "terminal.log";
    /** What the terminal showed. */
    public static final String CONSOLE = "console.out";

    private final int repeats;

    /**
     * A typist that types its script {@code repeats} times.
     *
     * @param repeats how many times the typist types its script
     */
    public TerminalJob(int repeats) {
        if (repeats < 0) {
            throw new IllegalArgumentException("repeats " + repeats + " is negative");
        }
        this.repeats = repeats;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<TaskProgram<?>> programs() {
        return List.of(Shell.PROGRAM, Typist.PROGRAM, Pinger.PROGRAM, Console.PROGRAM);
    }

    @Override
    public void start(Container container) throws IOException {
        Terminal tty = container.createTerminal("tty", 4096);
        container.createOutput(LOG);
        container.createOutput(CONSOLE);
        int shell = container.spawn(Shell.PROGRAM, new Shell());
        tty.setForegroundTask(shell);
        Typist typist = new Typist();
        typist.repeats = repeats;
        container.spawn(Typist.PROGRAM, typist);
        Pinger pinger = new Pinger();
        pinger.target = shell;
        pinger.total = repeats * 3L;
        container.spawn(Pinger.PROGRAM, pinger);
        Console console = new Console();
        console.shell = shell;
        container.spawn(Console.PROGRAM, console);
    }

    /** The script typed once per repeat; DEL = 0x7F erases, 0x03 interrupts. */
    static String script(int round) {
        return "echo hello " + round + "\n"
                + "ecjo\u007f\u007fho typo fixed " + round + "\n"
                + "block\n"
                + "echo while blocked " + round + "\n"
                + "sleep forever\u0003"
                + "unblock\n";
    }

    static final class Shell {
        static final TaskProgram<Shell> PROGRAM = new Program<>("terminal.shell", new StateCodec<>() {
            @Override
            public void encode(Shell s, StateWriter out) {
                out.putLong(s.lines);
                out.putLong(s.interrupts);
                out.putLong(s.usr1);
            }

            @Override
            public Shell decode(StateReader in) throws ImageFormatException {
                Shell s = new Shell();
                s.lines = in.getLong();
                s.interrupts = in.getLong();
                s.usr1 = in.getLong();
                return s;
            }
        }) {
            @Override
            public StepResult step(Shell s, TaskContext ctx) throws IOException {
                Terminal tty = ctx.terminal("tty");
                String line = tty.readLine();
                if (line == null) {
                    return StepResult.BLOCKED;
                }
                s.lines++;
                ctx.output(LOG).append("line " + s.lines + ": " + line + "\n");
                if (line.startsWith("echo ")) {
                    tty.write(line.substring(5) + "\n");
                } else if (line.equals("block")) {
                    ctx.setBlockedMask(ctx.blockedMask() | Signals.mask(Signals.SIGUSR1));
                } else if (line.equals("unblock")) {
                    ctx.setBlockedMask(ctx.blockedMask() & ~Signals.mask(Signals.SIGUSR1));
                } else if (line.equals("exit")) {
                    ctx.output(LOG).append("exit after " + s.lines + " lines, " + s.interrupts + " interrupts, "
                            + s.usr1 + " SIGUSR1\n");
                    tty.write("logout\n");
                    return StepResult.EXIT;
                } else {
                    tty.write(line + ": command not found\n");
                }
                return StepResult.PROGRESS;
            }

            @Override
            public StepResult onSignal(Shell s, int signal, TaskContext ctx) throws IOException {
                if (signal == Signals.SIGINT) {
                    s.interrupts++;
                    ctx.output(LOG).append("SIGINT #" + s.interrupts + " after line " + s.lines + "\n");
                    ctx.terminal("tty").write("[interrupted]\n");
                    return StepResult.PROGRESS;
                }
                if (signal == Signals.SIGUSR1) {
                    s.usr1++;
                    ctx.output(LOG).append("SIGUSR1 #" + s.usr1 + " after line " + s.lines + "\n");
                    return StepResult.PROGRESS;
                }
                return super.onSignal(s, signal, ctx);
            }
        };
        long lines;
        long interrupts;
        long usr1;
    }

    static final class Typist {
        static final TaskProgram<Typist> PROGRAM = new Program<>("terminal.typist", new StateCodec<>() {
            @Override
            public void encode(Typist s, StateWriter out) {
                out.putInt(s.repeats);
                out.putInt(s.round);
                out.putInt(s.offset);
            }

            @Override
            public Typist decode(StateReader in) throws ImageFormatException {
                Typist s = new Typist();
                long at = in.fileOffset();
                s.repeats = in.getInt();
                s.round = in.getInt();
                s.offset = in.getInt();
                if (s.round < 0 || s.round > s.repeats || s.offset < 0) {
                    throw in.error("typist round " + s.round + " of " + s.repeats + " offset " + s.offset, at);
                }
                return s;
            }
        }) {
            @Override
            public StepResult step(Typist s, TaskContext ctx) {
                Terminal tty = ctx.terminal("tty");
                if (tty.pendingOutput() > 2048) {
                    return StepResult.BLOCKED; // let the console drain, so no echo is dropped
                }
                if (s.round == s.repeats) {
                    tty.type("exit\n");
                    return StepResult.EXIT;
                }
                byte[] text = script(s.round).getBytes(StandardCharsets.US_ASCII);
                int n = Math.min(3, text.length - s.offset);
                tty.type(java.util.Arrays.copyOfRange(text, s.offset, s.offset + n));
                s.offset += n;
                if (s.offset == text.length) {
                    s.round++;
                    s.offset = 0;
                }
                return StepResult.PROGRESS;
            }
        };
        int repeats;
        int round;
        int offset;
    }

    static final class Pinger {
        static final TaskProgram<Pinger> PROGRAM = new Program<>("terminal.pinger", new StateCodec<>() {
            @Override
            public void encode(Pinger s, StateWriter out) {
                out.putInt(s.target);
                out.putLong(s.sent);
                out.putLong(s.total);
                out.putLong(s.tick);
            }

            @Override
            public Pinger decode(StateReader in) throws ImageFormatException {
                Pinger s = new Pinger();
                s.target = in.getInt();
                s.sent = in.getLong();
                s.total = in.getLong();
                s.tick = in.getLong();
                return s;
            }
        }) {
            @Override
            public StepResult step(Pinger s, TaskContext ctx) {
                if (s.sent == s.total || !ctx.isAlive(s.target)) {
                    return StepResult.EXIT;
                }
                if (++s.tick % 7 == 0) {
                    ctx.kill(s.target, Signals.SIGUSR1);
                    s.sent++;
                }
                return StepResult.PROGRESS;
            }
        };
        int target;
        long sent;
        long total;
        long tick;
    }

    static final class Console {
        static final TaskProgram<Console> PROGRAM = new Program<>("terminal.console", new StateCodec<>() {
            @Override
            public void encode(Console s, StateWriter out) {
                out.putInt(s.shell);
            }

            @Override
            public Console decode(StateReader in) throws ImageFormatException {
                Console s = new Console();
                s.shell = in.getInt();
                return s;
            }
        }) {
            @Override
            public StepResult step(Console s, TaskContext ctx) throws IOException {
                Terminal tty = ctx.terminal("tty");
                byte[] shown = tty.drainOutput();
                if (shown.length > 0) {
                    ctx.output(CONSOLE).append(shown);
                    return StepResult.PROGRESS;
                }
                return ctx.isAlive(s.shell) ? StepResult.BLOCKED : StepResult.EXIT;
            }
        };
        int shell;
    }
}

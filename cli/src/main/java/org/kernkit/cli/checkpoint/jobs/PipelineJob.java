package org.kernkit.cli.checkpoint.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.kernkit.checkpoint.Container;
import org.kernkit.checkpoint.Job;
import org.kernkit.checkpoint.StepResult;
import org.kernkit.checkpoint.TaskContext;
import org.kernkit.checkpoint.TaskProgram;
import org.kernkit.checkpoint.device.Fifo;
import org.kernkit.checkpoint.device.Signals;
import org.kernkit.checkpoint.image.ImageFormatException;
import org.kernkit.checkpoint.image.StateCodec;
import org.kernkit.checkpoint.image.StateReader;
import org.kernkit.checkpoint.image.StateWriter;

/**
 * The example pipeline: a generated input through two FIFOs into an output file.
 *
 * <pre>
 * 1 init ─spawns─┬─ 2 generate ──FIFO "raw"──&gt; 3 transform ──FIFO "cooked"──&gt; 4 sink ──&gt; pipeline.out
 *                 (records lines   (upper-cases the word,      (appends, counts, ends
 *                  from a seed)     appends CRC32C of line)     with a summary line)
 * </pre>
 *
 * Every step moves at most one FIFO's worth of bytes, so checkpoints land mid-stream with bytes in both FIFOs, half
 * lines in the transformer's carry and half-written lines in the generator. {@link #expectedOutput} computes the
 * same output without the runtime: the reference for the crash test.
 */
public final class PipelineJob implements Job {

    /** The job's name. */
    public static final String NAME = "pipeline";
    /** The output file. */
    public static final String OUTPUT = "pipeline.out";
    /** Where init logs the signals raised from outside, one name a line (not part of the reference output). */
    public static final String SIGNAL_LOG = "signals.log";
    /** FIFO capacity: small, so the pipeline is mostly in flight. */
    public static final int FIFO_CAPACITY = 4096;

    private final long records;
    private final long seed;

    /**
     * A pipeline of {@code records} lines.
     *
     * @param records lines to generate
     * @param seed seed of the generated words
     */
    public PipelineJob(long records, long seed) {
        if (records < 0) {
            throw new IllegalArgumentException("records " + records + " is negative");
        }
        this.records = records;
        this.seed = seed;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<TaskProgram<?>> programs() {
        return List.of(Init.PROGRAM, Generate.PROGRAM, Transform.PROGRAM, Sink.PROGRAM);
    }

    @Override
    public void start(Container container) throws IOException {
        container.createFifo("raw", FIFO_CAPACITY);
        container.createFifo("cooked", FIFO_CAPACITY);
        container.createOutput(OUTPUT);
        Init init = new Init();
        init.records = records;
        init.seed = seed;
        // Signals sent to the JVM from outside (kill -USR1) go to init, which logs them.
        container.createOutput(SIGNAL_LOG);
        container.setExternalSignalTarget(container.spawn(Init.PROGRAM, init));
    }

    /**
     * The output an uninterrupted run produces, computed directly.
     *
     * @param records lines
     * @param seed seed
     * @return the bytes of {@link #OUTPUT}
     */
    public static byte[] expectedOutput(long records, long seed) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Sink sink = new Sink();
        for (long i = 0; i < records; i++) {
            byte[] cooked = Transform.transform(Generate.line(seed, i));
            out.writeBytes(cooked);
            sink.account(cooked, 0, cooked.length);
        }
        out.writeBytes(sink.summary());
        return out.toByteArray();
    }

    // ---- init: spawns the stages, waits for them ----

    static final class Init {
        static final TaskProgram<Init> PROGRAM = new Program<>("pipeline.init", new StateCodec<>() {
            @Override
            public void encode(Init s, StateWriter out) {
                out.putInt(s.phase);
                out.putLong(s.records);
                out.putLong(s.seed);
            }

            @Override
            public Init decode(StateReader in) throws ImageFormatException {
                Init s = new Init();
                long at = in.fileOffset();
                s.phase = in.getInt();
                s.records = in.getLong();
                s.seed = in.getLong();
                if (s.phase < 0 || s.phase > 1 || s.records < 0) {
                    throw in.error("init phase " + s.phase + " / records " + s.records + " invalid", at);
                }
                return s;
            }
        }) {
            @Override
            public StepResult step(Init s, TaskContext ctx) {
                if (s.phase == 0) {
                    Generate g = new Generate();
                    g.total = s.records;
                    g.seed = s.seed;
                    ctx.spawn(Generate.PROGRAM, g);
                    ctx.spawn(Transform.PROGRAM, new Transform());
                    ctx.spawn(Sink.PROGRAM, new Sink());
                    s.phase = 1;
                    return StepResult.PROGRESS;
                }
                return ctx.liveChildren() == 0 ? StepResult.EXIT : StepResult.BLOCKED;
            }

            @Override
            public StepResult onSignal(Init s, int signal, TaskContext ctx) throws IOException {
                if (signal == Signals.SIGUSR1 || signal == Signals.SIGUSR2 || signal == Signals.SIGHUP) {
                    ctx.output(SIGNAL_LOG).append(Signals.name(signal) + "\n");
                    return StepResult.PROGRESS;
                }
                return super.onSignal(s, signal, ctx);
            }
        };
        int phase;
        long records;
        long seed;
    }

    // ---- generate: lines from a seed into "raw" ----

    static final class Generate {
        static final TaskProgram<Generate> PROGRAM = new Program<>("pipeline.generate", new StateCodec<>() {
            @Override
            public void encode(Generate s, StateWriter out) {
                out.putLong(s.next);
                out.putLong(s.total);
                out.putLong(s.seed);
                out.putBlob(s.pending, s.pendingOffset, s.pending.length - s.pendingOffset);
            }

            @Override
            public Generate decode(StateReader in) throws ImageFormatException {
                Generate s = new Generate();
                long at = in.fileOffset();
                s.next = in.getLong();
                s.total = in.getLong();
                s.seed = in.getLong();
                s.pending = in.getBlob();
                if (s.next < 0 || s.next > s.total) {
                    throw in.error("generator at line " + s.next + " of " + s.total, at);
                }
                return s;
            }
        }) {
            @Override
            public StepResult step(Generate s, TaskContext ctx) {
                Fifo raw = ctx.fifo("raw");
                int moved = 0;
                while (raw.freeSpace() > 0) {
                    if (s.pendingOffset == s.pending.length) {
                        if (s.next == s.total) {
                            raw.closeWriter();
                            return StepResult.EXIT;
                        }
                        s.pending = line(s.seed, s.next++);
                        s.pendingOffset = 0;
                    }
                    int n = raw.write(s.pending, s.pendingOffset, s.pending.length - s.pendingOffset);
                    s.pendingOffset += n;
                    moved += n;
                }
                return moved > 0 ? StepResult.PROGRESS : StepResult.BLOCKED;
            }
        };
        long next;
        long total;
        long seed;
        byte[] pending = new byte[0];
        int pendingOffset;

        static byte[] line(long seed, long index) {
            long h = mix(seed ^ mix(index + 0x9E3779B97F4A7C15L));
            int wordLength = 3 + (int) ((h >>> 60) & 7);
            StringBuilder s = new StringBuilder(40);
            String number = Long.toString(index);
            s.append("00000000", 0, Math.max(0, 8 - number.length())).append(number).append(' ');
            for (int i = 0; i < wordLength; i++) {
                s.append((char) ('a' + (int) Long.remainderUnsigned(h >>> (i * 5), 26)));
            }
            s.append(' ').append(h & 0xFFFFF).append('\n');
            return s.toString().getBytes(StandardCharsets.US_ASCII);
        }

        /** SplitMix64's finaliser. */
        static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }

    // ---- transform: "raw" lines to "cooked" lines ----

    static final class Transform {
        static final TaskProgram<Transform> PROGRAM = new Program<>("pipeline.transform", new StateCodec<>() {
            @Override
            public void encode(Transform s, StateWriter out) {
                out.putBlob(s.carry, 0, s.carryLength);
                out.putBlob(s.pending, s.pendingOffset, s.pendingLength - s.pendingOffset);
            }

            @Override
            public Transform decode(StateReader in) throws ImageFormatException {
                Transform s = new Transform();
                byte[] carry = in.getBlob();
                byte[] pending = in.getBlob();
                if (carry.length > MAX_LINE || pending.length > MAX_LINE * 2 + FIFO_CAPACITY * 2) {
                    throw in.error("transform carry " + carry.length + " / pending " + pending.length
                            + " bytes too long", in.fileOffset());
                }
                s.carry = Arrays.copyOf(carry, MAX_LINE);
                s.carryLength = carry.length;
                s.pending = pending;
                s.pendingLength = pending.length;
                return s;
            }
        }) {
            @Override
            public StepResult step(Transform s, TaskContext ctx) {
                Fifo raw = ctx.fifo("raw");
                Fifo cooked = ctx.fifo("cooked");
                boolean progress = false;
                if (s.pendingOffset < s.pendingLength) {
                    int n = cooked.write(s.pending, s.pendingOffset, s.pendingLength - s.pendingOffset);
                    s.pendingOffset += n;
                    progress = n > 0;
                    if (s.pendingOffset < s.pendingLength) {
                        return progress ? StepResult.PROGRESS : StepResult.BLOCKED;
                    }
                }
                byte[] chunk = s.chunk;
                int read = raw.read(chunk, 0, chunk.length);
                if (read < 0) {
                    if (s.carryLength != 0) {
                        throw new IllegalStateException("input ends inside a line of " + s.carryLength + " bytes");
                    }
                    cooked.closeWriter();
                    return StepResult.EXIT;
                }
                if (read == 0) {
                    return progress ? StepResult.PROGRESS : StepResult.BLOCKED;
                }
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(read + 256);
                for (int i = 0; i < read; i++) {
                    byte b = chunk[i];
                    if (s.carryLength == MAX_LINE) {
                        throw new IllegalStateException("input line longer than " + MAX_LINE + " bytes");
                    }
                    s.carry[s.carryLength++] = b;
                    if (b == '\n') {
                        out.writeBytes(transform(Arrays.copyOf(s.carry, s.carryLength)));
                        s.carryLength = 0;
                    }
                }
                s.pending = out.toByteArray();
                s.pendingLength = s.pending.length;
                s.pendingOffset = cooked.write(s.pending, 0, s.pendingLength);
                return StepResult.PROGRESS;
            }
        };
        static final int MAX_LINE = 1024;
        byte[] carry = new byte[MAX_LINE];
        int carryLength;
        byte[] pending = new byte[0];
        int pendingLength;
        int pendingOffset;
        final byte[] chunk = new byte[FIFO_CAPACITY];

        static byte[] transform(byte[] line) {
            CRC32C crc = new CRC32C();
            crc.update(line, 0, line.length);
            byte[] out = new byte[line.length + 13];
            int firstSpace = indexOf(line, ' ', 0);
            int secondSpace = indexOf(line, ' ', firstSpace + 1);
            for (int i = 0; i < line.length - 1; i++) {
                byte b = line[i];
                out[i] = i > firstSpace && i < secondSpace ? (byte) Character.toUpperCase(b) : b;
            }
            String tail = String.format(" crc=%08x\n", (int) crc.getValue());
            byte[] t = tail.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(t, 0, out, line.length - 1, t.length);
            return Arrays.copyOf(out, line.length - 1 + t.length);
        }

        private static int indexOf(byte[] bytes, char c, int from) {
            for (int i = from; i < bytes.length; i++) {
                if (bytes[i] == c) {
                    return i;
                }
            }
            return bytes.length;
        }
    }

    // ---- sink: "cooked" into the output, with a summary line ----

    static final class Sink {
        static final TaskProgram<Sink> PROGRAM = new Program<>("pipeline.sink", new StateCodec<>() {
            @Override
            public void encode(Sink s, StateWriter out) {
                out.putLong(s.lines);
                out.putLong(s.bytes);
                out.putLong(s.hash);
            }

            @Override
            public Sink decode(StateReader in) throws ImageFormatException {
                Sink s = new Sink();
                s.lines = in.getLong();
                s.bytes = in.getLong();
                s.hash = in.getLong();
                return s;
            }
        }) {
            @Override
            public StepResult step(Sink s, TaskContext ctx) throws IOException {
                Fifo cooked = ctx.fifo("cooked");
                int read = cooked.read(s.chunk, 0, s.chunk.length);
                if (read < 0) {
                    ctx.output(OUTPUT).append(s.summary());
                    return StepResult.EXIT;
                }
                if (read == 0) {
                    return StepResult.BLOCKED;
                }
                ctx.output(OUTPUT).append(s.chunk, 0, read);
                s.account(s.chunk, 0, read);
                return StepResult.PROGRESS;
            }
        };
        long lines;
        long bytes;
        long hash = 0xCBF29CE484222325L;
        final byte[] chunk = new byte[FIFO_CAPACITY];

        void account(byte[] b, int off, int len) {
            long h = hash;
            for (int i = off; i < off + len; i++) {
                h = (h ^ (b[i] & 0xFF)) * 0x100000001B3L;
                if (b[i] == '\n') {
                    lines++;
                }
            }
            hash = h;
            bytes += len;
        }

        byte[] summary() {
            return ("# " + lines + " lines, " + bytes + " bytes, fnv1a64 " + Long.toHexString(hash) + "\n")
                    .getBytes(StandardCharsets.US_ASCII);
        }
    }
}

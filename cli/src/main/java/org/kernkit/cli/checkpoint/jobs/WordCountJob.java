package org.kernkit.cli.checkpoint.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kernkit.checkpoint.Container;
import org.kernkit.checkpoint.Job;
import org.kernkit.checkpoint.StepResult;
import org.kernkit.checkpoint.TaskContext;
import org.kernkit.checkpoint.TaskProgram;
import org.kernkit.checkpoint.device.Fifo;
import org.kernkit.checkpoint.image.RecordCodec;
import org.kernkit.checkpoint.image.RecordState;

/**
 * A two-task word count with record states and derived codecs ({@link RecordCodec}): no codec written by hand.
 *
 * <pre>
 * 1 wc.read ──FIFO "text"──&gt; 2 wc.count ──&gt; wordcount.out ("word count" lines, sorted, then the totals)
 * </pre>
 */
public final class WordCountJob implements Job {

    /** The job's name. */
    public static final String NAME = "wordcount";
    /** The output. */
    public static final String OUTPUT = "wordcount.out";
    private static final String[] WORDS = {"the", "image", "task", "signal", "fifo", "restart", "kernel", "pid"};

    private final long lines;

    /**
     * A word count over {@code lines} generated lines.
     *
     * @param lines lines of text to count
     */
    public WordCountJob(long lines) {
        this.lines = lines;
    }

    /**
     * The reader's state.
     *
     * @param next the next line to write
     * @param lines lines to write in all
     * @param pending the bytes of a line the FIFO had no room for yet
     */
    public record Reader(long next, long lines, byte[] pending) {}

    /**
     * The counter's state.
     *
     * @param carry a line read in part
     * @param lines lines counted
     * @param words words counted
     * @param counts count per word, sorted
     */
    public record Counter(byte[] carry, long lines, long words, Map<String, Long> counts) {}

    static final TaskProgram<RecordState<Reader>> READ = new Program<>("wc.read",
            RecordCodec.of(Reader.class).boxed()) {
        @Override
        public StepResult step(RecordState<Reader> state, TaskContext ctx) {
            Reader r = state.get();
            Fifo text = ctx.fifo("text");
            byte[] pending = r.pending().length > 0 || r.next() == r.lines() ? r.pending() : line(r.next());
            long next = r.pending().length > 0 || r.next() == r.lines() ? r.next() : r.next() + 1;
            int written = text.write(pending, 0, pending.length);
            state.set(new Reader(next, r.lines(), Arrays.copyOfRange(pending, written, pending.length)));
            if (next == r.lines() && written == pending.length) {
                text.closeWriter();
                return StepResult.EXIT;
            }
            return written > 0 ? StepResult.PROGRESS : StepResult.BLOCKED;
        }
    };

    static final TaskProgram<RecordState<Counter>> COUNT = new Program<>("wc.count",
            RecordCodec.of(Counter.class).boxed()) {
        @Override
        public StepResult step(RecordState<Counter> state, TaskContext ctx) throws IOException {
            Counter c = state.get();
            Fifo text = ctx.fifo("text");
            byte[] chunk = new byte[text.available()];
            text.read(chunk, 0, chunk.length);
            byte[] bytes = concat(c.carry(), chunk);
            Map<String, Long> counts = new TreeMap<>(c.counts());
            long lines = c.lines();
            long words = c.words();
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    for (String word : new String(bytes, start, i - start, StandardCharsets.UTF_8).split(" ")) {
                        counts.merge(word, 1L, Long::sum);
                        words++;
                    }
                    lines++;
                    start = i + 1;
                }
            }
            state.set(new Counter(Arrays.copyOfRange(bytes, start, bytes.length), lines, words, counts));
            if (text.endOfStream()) {
                ctx.output(OUTPUT).append(report(counts, lines, words));
                return StepResult.EXIT;
            }
            return chunk.length > 0 ? StepResult.PROGRESS : StepResult.BLOCKED;
        }
    };

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<TaskProgram<?>> programs() {
        return List.of(READ, COUNT);
    }

    @Override
    public void start(Container container) throws IOException {
        container.createFifo("text", 4096);
        container.createOutput(OUTPUT);
        container.spawn(READ, new RecordState<>(new Reader(0, lines, new byte[0])));
        container.spawn(COUNT, new RecordState<>(new Counter(new byte[0], 0, 0, new TreeMap<>())));
    }

    /**
     * Generates one line of the text, the same for the same {@code i}.
     *
     * @param i a line number
     * @return line {@code i} of the text: three to six words chosen by a hash of {@code i}, and a newline
     */
    public static byte[] line(long i) {
        long h = i * 0x9E3779B97F4A7C15L;
        StringBuilder s = new StringBuilder();
        for (int w = 0; w < 3 + (int) ((h >>> 60) & 3); w++) {
            s.append(w == 0 ? "" : " ").append(WORDS[(int) ((h >>> (w * 3)) & 7)]);
        }
        return s.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Formats the word count's output.
     *
     * @param counts count per word
     * @param lines lines counted
     * @param words words counted
     * @return the output: one "word count" line per word in the map's order, then the totals
     */
    public static String report(Map<String, Long> counts, long lines, long words) {
        StringBuilder s = new StringBuilder();
        counts.forEach((word, n) -> s.append(word).append(' ').append(n).append('\n'));
        return s.append("lines ").append(lines).append(", words ").append(words).append('\n').toString();
    }

    /**
     * The reference model of the word count.
     *
     * @param lines lines counted
     * @return what an uninterrupted run writes, computed directly
     */
    public static byte[] expectedOutput(long lines) {
        Map<String, Long> counts = new TreeMap<>();
        long words = 0;
        for (long i = 0; i < lines; i++) {
            String text = new String(line(i), StandardCharsets.UTF_8).strip();
            for (String word : text.split(" ")) {
                counts.merge(word, 1L, Long::sum);
                words++;
            }
        }
        return report(counts, lines, words).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package org.kernkit.bench.checkpoint;

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
import org.kernkit.checkpoint.image.ImageFormatException;
import org.kernkit.checkpoint.image.StateCodec;
import org.kernkit.checkpoint.image.StateReader;
import org.kernkit.checkpoint.image.StateWriter;
import org.kernkit.cli.checkpoint.jobs.WordCountJob;

/**
 * The word count of {@code org.kernkit.cli.checkpoint.jobs.WordCountJob} in the form it took before derived codecs:
 * mutable state classes and a codec written by hand for each. Same programs, same bytes out; the peer of the
 * derived codecs in {@link CodecPauseBenchmark} and the "before" of the line count in docs/bench/checkpoint.md.
 */
public final class HandCodedWordCount implements Job {

    private final long lines;

    /** @param lines lines of text to count */
    public HandCodedWordCount(long lines) {
        this.lines = lines;
    }

    /** The reader's state. */
    static final class Reader {
        long next;
        long lines;
        byte[] pending = new byte[0];
    }

    /** The counter's state. */
    static final class Counter {
        byte[] carry = new byte[0];
        long lines;
        long words;
        final TreeMap<String, Long> counts = new TreeMap<>();
    }

    static final StateCodec<Reader> READER_CODEC = new StateCodec<>() {
        @Override
        public void encode(Reader s, StateWriter out) {
            out.putLong(s.next);
            out.putLong(s.lines);
            out.putBlob(s.pending);
        }

        @Override
        public Reader decode(StateReader in) throws ImageFormatException {
            Reader s = new Reader();
            s.next = in.getLong();
            s.lines = in.getLong();
            s.pending = in.getBlob();
            return s;
        }
    };

    static final StateCodec<Counter> COUNTER_CODEC = new StateCodec<>() {
        @Override
        public void encode(Counter s, StateWriter out) {
            out.putBlob(s.carry);
            out.putLong(s.lines);
            out.putLong(s.words);
            out.putInt(s.counts.size());
            for (Map.Entry<String, Long> e : s.counts.entrySet()) {
                out.putString(e.getKey());
                out.putLong(e.getValue());
            }
        }

        @Override
        public Counter decode(StateReader in) throws ImageFormatException {
            Counter s = new Counter();
            s.carry = in.getBlob();
            s.lines = in.getLong();
            s.words = in.getLong();
            int n = in.getCount("word", 12);
            for (int i = 0; i < n; i++) {
                s.counts.put(in.getString(), in.getLong());
            }
            return s;
        }
    };

    static final TaskProgram<Reader> READ = new TaskProgram<>() {
        @Override
        public String name() {
            return "wc.read";
        }

        @Override
        public StateCodec<Reader> codec() {
            return READER_CODEC;
        }

        @Override
        public StepResult step(Reader r, TaskContext ctx) {
            Fifo text = ctx.fifo("text");
            if (r.pending.length == 0 && r.next < r.lines) {
                r.pending = WordCountJob.line(r.next++);
            }
            int written = text.write(r.pending, 0, r.pending.length);
            r.pending = Arrays.copyOfRange(r.pending, written, r.pending.length);
            if (r.next == r.lines && r.pending.length == 0) {
                text.closeWriter();
                return StepResult.EXIT;
            }
            return written > 0 ? StepResult.PROGRESS : StepResult.BLOCKED;
        }
    };

    static final TaskProgram<Counter> COUNT = new TaskProgram<>() {
        @Override
        public String name() {
            return "wc.count";
        }

        @Override
        public StateCodec<Counter> codec() {
            return COUNTER_CODEC;
        }

        @Override
        public StepResult step(Counter c, TaskContext ctx) throws IOException {
            Fifo text = ctx.fifo("text");
            byte[] chunk = new byte[text.available()];
            text.read(chunk, 0, chunk.length);
            byte[] bytes = Arrays.copyOf(c.carry, c.carry.length + chunk.length);
            System.arraycopy(chunk, 0, bytes, c.carry.length, chunk.length);
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    for (String word : new String(bytes, start, i - start, StandardCharsets.UTF_8).split(" ")) {
                        c.counts.merge(word, 1L, Long::sum);
                        c.words++;
                    }
                    c.lines++;
                    start = i + 1;
                }
            }
            c.carry = Arrays.copyOfRange(bytes, start, bytes.length);
            if (text.endOfStream()) {
                ctx.output("wordcount.out").append(WordCountJob.report(c.counts, c.lines, c.words));
                return StepResult.EXIT;
            }
            return chunk.length > 0 ? StepResult.PROGRESS : StepResult.BLOCKED;
        }
    };

    @Override
    public String name() {
        return "wordcount";
    }

    @Override
    public List<TaskProgram<?>> programs() {
        return List.of(READ, COUNT);
    }

    @Override
    public void start(Container container) throws IOException {
        container.createFifo("text", 4096);
        container.createOutput("wordcount.out");
        Reader reader = new Reader();
        reader.lines = lines;
        container.spawn(READ, reader);
        container.spawn(COUNT, new Counter());
    }
}

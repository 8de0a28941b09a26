package example.user;

import java.io.IOException;
import java.util.List;
import org.kernkit.checkpoint.Container;
import org.kernkit.checkpoint.Job;
import org.kernkit.checkpoint.StepResult;
import org.kernkit.checkpoint.TaskContext;
import org.kernkit.checkpoint.TaskProgram;
import org.kernkit.checkpoint.image.ImageFormatException;
import org.kernkit.checkpoint.image.StateCodec;
import org.kernkit.checkpoint.image.StateReader;
import org.kernkit.checkpoint.image.StateWriter;

/** A user job compiled and packed into a JAR by the tests: one task appends "i i*i" for i below TOTAL. */
public final class NumbersJob implements Job {

    public static final long TOTAL = 150_000;

    static final class Count {
        long next;
    }

    static final TaskProgram<Count> COUNT = new TaskProgram<>() {
        @Override
        public String name() {
            return "numbers.count";
        }

        @Override
        public StateCodec<Count> codec() {
            return new StateCodec<>() {
                @Override
                public void encode(Count s, StateWriter out) {
                    out.putLong(s.next);
                }

                @Override
                public Count decode(StateReader in) throws ImageFormatException {
                    Count s = new Count();
                    long at = in.fileOffset();
                    s.next = in.getLong();
                    if (s.next < 0 || s.next > TOTAL) {
                        throw in.error("next " + s.next + " out of range", at);
                    }
                    return s;
                }
            };
        }

        @Override
        public StepResult step(Count s, TaskContext context) throws IOException {
            if (s.next == TOTAL) {
                return StepResult.EXIT;
            }
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 100 && s.next < TOTAL; i++, s.next++) {
                lines.append(s.next).append(' ').append(s.next * s.next).append('\n');
            }
            context.output("numbers.out").append(lines.toString());
            return StepResult.PROGRESS;
        }
    };

    @Override
    public String name() {
        return "numbers";
    }

    @Override
    public List<TaskProgram<?>> programs() {
        return List.of(COUNT);
    }

    @Override
    public void start(Container container) throws IOException {
        container.createOutput("numbers.out");
        container.spawn(COUNT, new Count());
    }
}

package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.image.ImageFormatException;
import org.kernkit.checkpoint.image.StateCodec;
import org.kernkit.checkpoint.image.StateReader;
import org.kernkit.checkpoint.image.StateWriter;

/** Task-state strings are limited by the image's section size, not by the 255 bytes of the image's own names. */
class StringLimitTest {

    @TempDir
    Path dir;

    /** A task whose state is one string. */
    static final TaskProgram<StringBuilder> TEXT = new TaskProgram<>() {
        @Override
        public String name() {
            return "text";
        }

        @Override
        public StateCodec<StringBuilder> codec() {
            return new StateCodec<>() {
                @Override
                public void encode(StringBuilder state, StateWriter out) {
                    out.putString(state.toString());
                }

                @Override
                public StringBuilder decode(StateReader in) throws ImageFormatException {
                    return new StringBuilder(in.getString());
                }
            };
        }

        @Override
        public StepResult step(StringBuilder state, TaskContext context) {
            return StepResult.BLOCKED;
        }
    };

    @Test
    void aStringStateFarBeyond255BytesSurvivesACheckpoint() throws IOException {
        String text = "é".repeat(100_000) + "end"; // 200 003 UTF-8 bytes
        Job job = new Job() {
            @Override
            public String name() {
                return "strings";
            }

            @Override
            public List<TaskProgram<?>> programs() {
                return List.of(TEXT);
            }

            @Override
            public void start(Container container) {
                container.spawn(TEXT, new StringBuilder(text));
            }
        };
        CheckpointPolicy policy = new CheckpointPolicy(Duration.ZERO, 2);
        Container.create(dir, job, policy).close();
        try (Container r = Container.restore(dir, job, policy)) {
            assertEquals(text, r.stateOf(1).toString());
        }
    }

    @Test
    void aStringLengthBeyondWhatRemainsIsRejectedWithItsOffset() {
        byte[] bytes = {(byte) 0xFF, (byte) 0xFF, 0, 0, 'a'};
        StateReader in = new StateReader(bytes, 0, bytes.length, "test", 100);
        ImageFormatException e = assertThrows(ImageFormatException.class, in::getString);
        assertEquals("test at offset 100: string length 65535 exceeds the 1 bytes remaining", e.getMessage());
    }
}

package org.kernkit.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.function.IntBinaryOperator;
import org.kernkit.checkpoint.internal.ByteQueue;

/**
 * A pty-like terminal with a canonical-mode line discipline. Its three buffers and its foreground task are part of
 * every checkpoint, so a job's terminal comes back as it was (CRIU's {@code --shell-job} problem).
 *
 * <pre>
 *  master side                 line discipline                          slave side (tasks)
 *  type(bytes) --&gt; [ edit line ] --'\n'--&gt; [ input queue: whole lines ] --&gt; readLine()
 *                     | ERASE: drop last byte, echo "\b \b"
 *                     | INTERRUPT: drop edit line, echo "^C\n", SIGINT to the foreground task
 *                     '--echo--&gt; [ output buffer ] &lt;-------------------------- write(bytes)
 *  drainOutput() &lt;-------------------'
 * </pre>
 *
 * <p>Limits: an edit line holds at most {@link #MAX_LINE} bytes (further bytes are dropped, as Linux's N_TTY does);
 * the input queue holds {@link #INPUT_CAPACITY} bytes (a completed line that does not fit is dropped); echo and
 * writes take what fits in the output buffer. Not thread-safe: used on the container's thread (by tasks, or by the
 * container's owner while the container is not running).
 */
public final class Terminal {

    /** The interrupt character, Ctrl-C. */
    public static final int INTERRUPT = 0x03;
    /** The erase character, DEL; backspace (0x08) erases too. */
    public static final int ERASE = 0x7F;
    /** Most bytes in the edit line. */
    public static final int MAX_LINE = 4095;
    /** Most bytes of completed lines waiting to be read. */
    public static final int INPUT_CAPACITY = 65536;

    private static final byte[] ECHO_ERASE = {'\b', ' ', '\b'};
    private static final byte[] ECHO_INTERRUPT = {'^', 'C', '\n'};

    private final String name;
    private final ByteQueue editLine = new ByteQueue(MAX_LINE);
    private final ByteQueue input = new ByteQueue(INPUT_CAPACITY);
    private final ByteQueue output;
    private final IntBinaryOperator signalSender;
    private int foregroundTask;

    Terminal(String name, int outputCapacity, IntBinaryOperator signalSender) {
        this.name = name;
        this.output = new ByteQueue(outputCapacity);
        this.signalSender = signalSender;
    }

    /** {@return the terminal's name} */
    public String name() {
        return name;
    }

    /** {@return the task that receives the interrupt signal, 0 for none} */
    public int foregroundTask() {
        return foregroundTask;
    }

    /**
     * Chooses the task that an interrupt character signals.
     *
     * @param taskId the task that receives the interrupt signal from now on, 0 for none
     */
    public void setForegroundTask(int taskId) {
        if (taskId < 0) {
            throw new IllegalArgumentException("foreground task id " + taskId + " is negative");
        }
        this.foregroundTask = taskId;
    }

    /**
     * Types bytes on the master side, through the line discipline.
     *
     * @param bytes what was typed
     */
    public void type(byte[] bytes) {
        for (byte b : bytes) {
            typeByte(b & 0xFF);
        }
    }

    /**
     * Types text.
     *
     * @param text typed as UTF-8, see {@link #type(byte[])}
     */
    public void type(String text) {
        type(text.getBytes(StandardCharsets.UTF_8));
    }

    private void typeByte(int b) {
        switch (b) {
            case INTERRUPT -> {
                editLine.clear();
                echo(ECHO_INTERRUPT);
                if (foregroundTask != 0) {
                    signalSender.applyAsInt(foregroundTask, Signals.SIGINT);
                }
            }
            case ERASE, '\b' -> {
                if (editLine.removeLast() >= 0) {
                    echo(ECHO_ERASE);
                }
            }
            case '\n', '\r' -> {
                if (input.free() >= editLine.size() + 1) {
                    byte[] line = editLine.toArray();
                    input.offer(line, 0, line.length);
                    input.offer('\n');
                }
                editLine.clear();
                output.offer('\n');
            }
            default -> {
                if (editLine.offer(b)) {
                    output.offer(b);
                }
            }
        }
    }

    private void echo(byte[] bytes) {
        output.offer(bytes, 0, bytes.length);
    }

    /**
     * Reads one completed line on the slave side.
     *
     * @return the line without its {@code '\n'}, or null when no whole line has been typed
     */
    public String readLine() {
        int size = input.size();
        for (int i = 0; i < size; i++) {
            if (input.get(i) == '\n') {
                byte[] line = new byte[i];
                input.poll(line, 0, i);
                input.discard(1);
                return new String(line, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /**
     * Writes on the slave side, into the output buffer.
     *
     * @param bytes what the task writes
     * @return bytes taken; fewer than {@code bytes.length} when the output buffer is full
     */
    public int write(byte[] bytes) {
        return output.offer(bytes, 0, bytes.length);
    }

    /**
     * Writes text on the slave side.
     *
     * @param text written as UTF-8, see {@link #write(byte[])}
     * @return bytes taken; fewer than the text's UTF-8 length when the output buffer is full
     */
    public int write(String text) {
        return write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Takes everything in the output buffer, on the master side.
     *
     * @return the bytes, oldest first; empty if none
     */
    public byte[] drainOutput() {
        byte[] bytes = output.toArray();
        output.clear();
        return bytes;
    }

    /** {@return bytes in the output buffer} */
    public int pendingOutput() {
        return output.size();
    }

    /** {@return the output buffer's capacity} */
    public int outputCapacity() {
        return output.capacity();
    }

    byte[] editLineBytes() {
        return editLine.toArray();
    }

    byte[] inputBytes() {
        return input.toArray();
    }

    byte[] outputBytes() {
        return output.toArray();
    }

    static Terminal restore(String name, int outputCapacity, int foregroundTask, byte[] editLine, byte[] input,
            byte[] output, IntBinaryOperator signalSender) {
        Terminal terminal = new Terminal(name, outputCapacity, signalSender);
        terminal.foregroundTask = foregroundTask;
        terminal.editLine.offer(editLine, 0, editLine.length);
        terminal.input.offer(input, 0, input.length);
        terminal.output.offer(output, 0, output.length);
        return terminal;
    }

    @Override
    public String toString() {
        return "Terminal[" + name + ", edit " + editLine.size() + ", input " + input.size() + ", output "
                + output.size() + "/" + output.capacity() + ", foreground " + foregroundTask + "]";
    }
}

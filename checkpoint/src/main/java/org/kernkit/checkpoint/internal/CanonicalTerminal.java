package org.kernkit.checkpoint.internal;

import java.nio.charset.StandardCharsets;
import java.util.function.IntBinaryOperator;
import org.kernkit.checkpoint.device.Signals;
import org.kernkit.checkpoint.device.Terminal;

/**
 * The {@link Terminal} of the runtime: three {@link ByteQueue}s (edit line, input, output) and a canonical-mode line
 * discipline; created and restored by the container, copied into images by it. Not thread-safe: confined to the
 * container's thread.
 */
public final class CanonicalTerminal implements Terminal {

    private static final byte[] ECHO_ERASE = {'\b', ' ', '\b'};
    private static final byte[] ECHO_INTERRUPT = {'^', 'C', '\n'};

    private final String name;
    private final ByteQueue editLine = new ByteQueue(MAX_LINE);
    private final ByteQueue input = new ByteQueue(INPUT_CAPACITY);
    private final ByteQueue output;
    private final IntBinaryOperator signalSender;
    private int foregroundTask;

    /**
     * An empty terminal.
     *
     * @param name its name
     * @param outputCapacity its output buffer's capacity, at least 1
     * @param signalSender sends a signal to a task: (task id, signal) to 1 if queued, 0 if dropped
     */
    public CanonicalTerminal(String name, int outputCapacity, IntBinaryOperator signalSender) {
        this.name = name;
        this.output = new ByteQueue(outputCapacity);
        this.signalSender = signalSender;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int foregroundTask() {
        return foregroundTask;
    }

    @Override
    public void setForegroundTask(int taskId) {
        if (taskId < 0) {
            throw new IllegalArgumentException("foreground task id " + taskId + " is negative");
        }
        this.foregroundTask = taskId;
    }

    @Override
    public void type(byte[] bytes) {
        for (byte b : bytes) {
            typeByte(b & 0xFF);
        }
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

    @Override
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

    @Override
    public int write(byte[] bytes) {
        return output.offer(bytes, 0, bytes.length);
    }

    @Override
    public byte[] drainOutput() {
        byte[] bytes = output.toArray();
        output.clear();
        return bytes;
    }

    @Override
    public int pendingOutput() {
        return output.size();
    }

    @Override
    public int outputCapacity() {
        return output.capacity();
    }

    /** {@return a copy of the edit line, for an image} */
    public byte[] editLineBytes() {
        return editLine.toArray();
    }

    /** {@return a copy of the completed lines not yet read, for an image} */
    public byte[] inputBytes() {
        return input.toArray();
    }

    /** {@return a copy of the output buffer, for an image} */
    public byte[] outputBytes() {
        return output.toArray();
    }

    /**
     * A terminal as an image recorded it.
     *
     * @param name its name
     * @param outputCapacity its output buffer's capacity
     * @param foregroundTask the task its interrupt character signals, 0 for none
     * @param editLine the line being typed, at most {@link #MAX_LINE} bytes
     * @param input completed lines not yet read, at most {@link #INPUT_CAPACITY} bytes
     * @param output bytes not yet drained, at most {@code outputCapacity}
     * @param signalSender as for the constructor
     * @return the terminal
     */
    public static CanonicalTerminal restore(String name, int outputCapacity, int foregroundTask, byte[] editLine, byte[] input,
            byte[] output, IntBinaryOperator signalSender) {
        CanonicalTerminal terminal = new CanonicalTerminal(name, outputCapacity, signalSender);
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

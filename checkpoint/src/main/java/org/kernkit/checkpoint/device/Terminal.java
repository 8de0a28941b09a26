package org.kernkit.checkpoint.device;

import java.nio.charset.StandardCharsets;

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
 * writes take what fits in the output buffer. Created by the container ({@code Container.createTerminal}); only the
 * runtime implements this interface. Not thread-safe: used on the container's thread (by tasks, or by the
 * container's owner while the container is not running).
 */
public sealed interface Terminal permits org.kernkit.checkpoint.internal.CanonicalTerminal {

    /** The interrupt character, Ctrl-C. */
    int INTERRUPT = 0x03;
    /** The erase character, DEL; backspace (0x08) erases too. */
    int ERASE = 0x7F;
    /** Most bytes in the edit line. */
    int MAX_LINE = 4095;
    /** Most bytes of completed lines waiting to be read. */
    int INPUT_CAPACITY = 65536;

    /** {@return the terminal's name} */
    String name();

    /** {@return the task that receives the interrupt signal, 0 for none} */
    int foregroundTask();

    /**
     * Chooses the task that an interrupt character signals.
     *
     * @param taskId the task that receives the interrupt signal from now on, 0 for none
     * @throws IllegalArgumentException if the id is negative
     */
    void setForegroundTask(int taskId);

    /**
     * Types bytes on the master side, through the line discipline.
     *
     * @param bytes what was typed
     */
    void type(byte[] bytes);

    /**
     * Types text.
     *
     * @param text typed as UTF-8, see {@link #type(byte[])}
     */
    default void type(String text) {
        type(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads one completed line on the slave side.
     *
     * @return the line without its {@code '\n'}, or null when no whole line has been typed
     */
    String readLine();

    /**
     * Writes on the slave side, into the output buffer.
     *
     * @param bytes what the task writes
     * @return bytes taken; fewer than {@code bytes.length} when the output buffer is full
     */
    int write(byte[] bytes);

    /**
     * Writes text on the slave side.
     *
     * @param text written as UTF-8, see {@link #write(byte[])}
     * @return bytes taken; fewer than the text's UTF-8 length when the output buffer is full
     */
    default int write(String text) {
        return write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Takes everything in the output buffer, on the master side.
     *
     * @return the bytes, oldest first; empty if none
     */
    byte[] drainOutput();

    /** {@return bytes in the output buffer} */
    int pendingOutput();

    /** {@return the output buffer's capacity} */
    int outputCapacity();
}

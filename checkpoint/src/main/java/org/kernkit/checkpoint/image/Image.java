package org.kernkit.checkpoint.image;

import java.nio.file.Path;
import java.util.List;

/**
 * A checkpoint image as read and validated by {@link ImageCodec}: everything needed to restart a container, and
 * the section table for {@code inspect}. Immutable apart from the byte arrays, which callers must not change.
 *
 * @param path the file it was read from
 * @param sequence checkpoint number, increasing in a directory
 * @param epochMillis when it was written
 * @param job the name of the job it belongs to
 * @param producer what wrote it (library and Java version)
 * @param rounds scheduling rounds run before it was taken
 * @param runId the run it belongs to, see {@link RunIdentity}
 * @param fingerprint {@link RunIdentity#fingerprint(java.util.Map)} of the job that wrote it
 * @param nextTaskId the id the next spawned task receives; above every id used so far
 * @param externalSignalTarget the task that receives signals raised from outside, 0 for none
 * @param fifos FIFOs and their buffered bytes
 * @param terminals terminals and their buffers
 * @param outputs outputs and their committed lengths
 * @param tasks tasks in id order, with their signals
 * @param sections every section, in file order, trailer included
 */
public record Image(Path path, long sequence, long epochMillis, String job, String producer, long rounds,
        java.util.UUID runId, long fingerprint, int nextTaskId, int externalSignalTarget, List<FifoImage> fifos,
        List<TerminalImage> terminals, List<OutputImage> outputs, List<TaskImage> tasks, List<Section> sections) {

    /**
     * One FIFO.
     *
     * @param name its name
     * @param capacity its capacity
     * @param writerClosed whether its writer closed it
     * @param buffered its buffered bytes, oldest first
     */
    public record FifoImage(String name, int capacity, boolean writerClosed, byte[] buffered) {}

    /**
     * One terminal.
     *
     * @param name its name
     * @param foregroundTask the task its interrupt character signals, 0 for none
     * @param outputCapacity its output buffer's capacity
     * @param editLine the line being typed
     * @param input completed lines not yet read
     * @param output bytes written and echoed, not yet drained
     */
    public record TerminalImage(String name, int foregroundTask, int outputCapacity, byte[] editLine, byte[] input,
            byte[] output) {}

    /**
     * One exactly-once output.
     *
     * @param name its file name in the container's directory
     * @param length its length at the checkpoint
     */
    public record OutputImage(String name, long length) {}

    /**
     * One task.
     *
     * @param id its id
     * @param parentId its parent's id, 0 for none
     * @param program its program's name
     * @param stateVersion the version of its program's state codec that wrote the state
     * @param state its encoded state
     * @param stateOffset file offset of the first state byte, for error messages
     * @param where names the image and section, for error messages
     * @param blockedMask its blocked signals
     * @param pending its pending signals, oldest first
     */
    public record TaskImage(int id, int parentId, String program, int stateVersion, byte[] state, long stateOffset, String where,
            long blockedMask, int[] pending) {}

    /**
     * One section as found in the file.
     *
     * @param index 0 for the first section
     * @param type its type, see {@link ImageDescriptor}
     * @param offset file offset of its start
     * @param length its payload length
     * @param crc its CRC32C
     */
    public record Section(int index, int type, long offset, int length, int crc) {}
}

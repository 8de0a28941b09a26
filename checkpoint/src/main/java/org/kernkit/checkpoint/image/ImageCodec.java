package org.kernkit.checkpoint.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.kernkit.checkpoint.device.Signals;
import org.kernkit.checkpoint.device.Terminal;
import org.kernkit.checkpoint.internal.NameRules;
import org.kernkit.checkpoint.internal.RegularFiles;

/**
 * The checkpoint image format's one codec (layout in {@link ImageDescriptor}): {@link #read} decodes and validates
 * an image, {@link #write} encodes a container's state into one, section by section, through one reusable buffer.
 * Both sides follow the descriptor's table; {@code ImageFormatTest} holds both to bytes built by hand from that
 * table.
 *
 * <p><b>Reading</b> is defensive by construction: a section's claimed length is checked against what remains of the
 * file before its bytes are allocated, so a hostile image can make the reader allocate at most its own size; every
 * count and length inside a section is checked by {@link StateReader} against what remains of the section; the
 * CRC32C of every section is verified before its payload is parsed; cross-references (unique ids, ids below the next
 * id, signals of existing tasks, buffered bytes within capacities, safe output names) are checked before an
 * {@link Image} is returned. Every error names the image, the section (index and type) and the file offset.
 * {@link #read} is static, stateless and thread-safe.
 *
 * <p><b>Writing</b> streams: a task's state goes through its codec straight into the codec's one buffer of
 * {@link #WRITE_BUFFER_BYTES} (or the file), never into an intermediate copy. An instance owns that buffer and is reused for every image a container
 * writes; it is not thread-safe, and a {@link Source} is read only during {@link #write}.
 */
public final class ImageCodec {

    /** Largest FIFO or terminal capacity an image may claim. */
    public static final int MAX_BUFFER_CAPACITY = 1 << 30;
    /** Size of the encoder's one buffer: sections are gathered in it; a larger task state goes to the file. */
    public static final int WRITE_BUFFER_BYTES = 1 << 20;

    private final ImageWriter writer = new ImageWriter();

    /** An encoder with its own buffer, for one writer thread (a container's). */
    public ImageCodec() {}

    /**
     * Reads an image.
     *
     * @param path the image file
     * @return the validated image
     * @throws ImageFormatException if it is torn, corrupt or hostile; the message names section and offset
     * @throws IOException if it cannot be read, or is not a regular file; the message names it
     */
    public static Image read(Path path) throws IOException {
        // Checked first: opening a FIFO for reading would block until a writer comes.
        RegularFiles.check(path, "checkpoint image");
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return new Parse(path, channel).run();
        } catch (ImageFormatException e) {
            throw e;
        } catch (IOException e) {
            throw RegularFiles.named(e, "read checkpoint image", path);
        }
    }

    /**
     * What an image is written from: a container at a round boundary, every task between steps. The runtime
     * implements it; the shared objects are given as the records {@link #read} returns.
     */
    public interface Source {
        /** {@return the image's sequence number, the one in its file name} */
        long sequence();

        /** {@return the job's name} */
        String job();

        /** {@return what writes the image (library and Java version)} */
        String producer();

        /** {@return scheduling rounds run so far} */
        long rounds();

        /** {@return the run the image belongs to, see {@link RunIdentity}} */
        UUID runId();

        /** {@return the job's {@link RunIdentity#fingerprint fingerprint}} */
        long fingerprint();

        /** {@return the id the next spawned task will receive} */
        int nextTaskId();

        /** {@return the task that receives signals raised from outside, 0 for none} */
        int externalSignalTarget();

        /** {@return the FIFOs with their buffered bytes, in creation order} */
        Collection<Image.FifoImage> fifos();

        /** {@return the terminals with their buffers, in creation order} */
        Collection<Image.TerminalImage> terminals();

        /** {@return the outputs with the lengths this image commits, in creation order} */
        Collection<Image.OutputImage> outputs();

        /** {@return the live tasks, in id order} */
        Collection<? extends TaskSource> tasks();
    }

    /** One task as the encoder sees it. */
    public interface TaskSource {
        /** {@return the task's id} */
        int id();

        /** {@return its parent's id, 0 for none} */
        int parentId();

        /** {@return the name of its program} */
        String program();

        /** {@return the version of its program's state codec} */
        int stateVersion();

        /**
         * Encodes the task's state with its program's codec.
         *
         * @param out where the state goes: the rest of the TASK section
         */
        void encodeState(StateWriter out);

        /** {@return its blocked signals} */
        long blockedMask();

        /** {@return its pending signals, oldest first} */
        Collection<Integer> pending();
    }

    /**
     * Writes an image: HEADER, CONTAINER, FIFO*, TERMINAL*, OUTPUT*, (TASK, SIGNALS)*, TRAILER. The caller forces
     * and publishes the file (an {@link ImageStore} does).
     *
     * @param channel the temporary image file, positioned at 0
     * @param source the container's state
     * @return the image's length in bytes
     * @throws IOException if the file cannot be written
     * @throws IllegalStateException if a section would exceed {@link ImageDescriptor#MAX_SECTION_PAYLOAD}
     */
    public long write(FileChannel channel, Source source) throws IOException {
        ImageWriter w = writer;
        w.start(channel);
        StateWriter out = w.begin(ImageDescriptor.SECTION_HEADER);
        out.putLong(source.sequence());
        out.putLong(System.currentTimeMillis());
        out.putName(source.job());
        out.putName(source.producer());
        out.putLong(source.rounds());
        out.putLong(source.runId().getMostSignificantBits());
        out.putLong(source.runId().getLeastSignificantBits());
        out.putLong(source.fingerprint());
        w.end();
        out = w.begin(ImageDescriptor.SECTION_CONTAINER);
        out.putInt(source.nextTaskId());
        out.putInt(source.tasks().size());
        out.putInt(source.fifos().size());
        out.putInt(source.terminals().size());
        out.putInt(source.outputs().size());
        out.putInt(source.externalSignalTarget());
        w.end();
        for (Image.FifoImage fifo : source.fifos()) {
            out = w.begin(ImageDescriptor.SECTION_FIFO);
            out.putName(fifo.name());
            out.putInt(fifo.capacity());
            out.putBoolean(fifo.writerClosed());
            out.putBlob(fifo.buffered());
            w.end();
        }
        for (Image.TerminalImage terminal : source.terminals()) {
            out = w.begin(ImageDescriptor.SECTION_TERMINAL);
            out.putName(terminal.name());
            out.putInt(terminal.foregroundTask());
            out.putInt(terminal.outputCapacity());
            out.putBlob(terminal.editLine());
            out.putBlob(terminal.input());
            out.putBlob(terminal.output());
            w.end();
        }
        for (Image.OutputImage output : source.outputs()) {
            out = w.begin(ImageDescriptor.SECTION_OUTPUT);
            out.putName(output.name());
            out.putLong(output.length());
            w.end();
        }
        for (TaskSource slot : source.tasks()) {
            out = w.begin(ImageDescriptor.SECTION_TASK);
            out.putInt(slot.id());
            out.putInt(slot.parentId());
            out.putName(slot.program());
            out.putInt(slot.stateVersion());
            // The state is the rest of the payload: no inner length to patch, so it can stream out.
            try {
                slot.encodeState(out);
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            w.end();
            out = w.begin(ImageDescriptor.SECTION_SIGNALS);
            out.putInt(slot.id());
            out.putLong(slot.blockedMask());
            out.putInt(slot.pending().size());
            for (int signal : slot.pending()) {
                out.putByte(signal);
            }
            w.end();
        }
        return w.finish();
    }

    private static final class Parse {
        private final Path path;
        private final String file;
        private final FileChannel channel;
        private final long size;
        private final List<Image.Section> sections = new ArrayList<>();
        private final List<Image.FifoImage> fifos = new ArrayList<>();
        private final List<Image.TerminalImage> terminals = new ArrayList<>();
        private final List<Image.OutputImage> outputs = new ArrayList<>();
        private final List<Image.TaskImage> tasks = new ArrayList<>();
        private long sequence;
        private long epochMillis;
        private String job;
        private String producer;
        private long rounds;
        private UUID runId;
        private long fingerprint;
        private int nextTaskId;
        private int externalSignalTarget;
        private int expectedTasks;
        private int expectedFifos;
        private int expectedTerminals;
        private int expectedOutputs;
        /** A TASK section waiting for its SIGNALS section. */
        private StateReader pendingTaskSignalsFor;
        private int pendingTaskId;
        private int pendingParentId;
        private String pendingProgram;
        private int pendingStateVersion;
        private byte[] pendingState;
        private long pendingStateOffset;
        private String pendingWhere;

        Parse(Path path, FileChannel channel) throws IOException {
            this.path = path;
            this.file = String.valueOf(path.getFileName());
            this.channel = channel;
            this.size = channel.size();
        }

        Image run() throws IOException {
            readPreamble();
            long offset = ImageDescriptor.PREAMBLE_LENGTH;
            for (int index = 0; ; index++) {
                long remaining = size - offset;
                int minimum = ImageDescriptor.SECTION_HEADER_LENGTH + ImageDescriptor.SECTION_CRC_LENGTH;
                if (remaining < minimum) {
                    throw new ImageFormatException(file + " section #" + index + " at offset " + offset
                            + ": torn image, " + remaining + " bytes remain where a section (at least " + minimum
                            + " bytes) or the trailer should be", offset);
                }
                ByteBuffer head = readFully(offset, ImageDescriptor.SECTION_HEADER_LENGTH);
                int type = head.getInt(ImageDescriptor.SECTION_TYPE_OFFSET);
                int length = head.getInt(ImageDescriptor.SECTION_LENGTH_OFFSET);
                String where = file + " section #" + index + " (" + ImageDescriptor.sectionName(type) + ")";
                if (!ImageDescriptor.isKnownSection(type)) {
                    throw new ImageFormatException(where + " at offset " + offset + ": unknown section type "
                            + Integer.toUnsignedString(type), offset);
                }
                long available = remaining - minimum;
                if (length < 0 || length > ImageDescriptor.MAX_SECTION_PAYLOAD || length > available) {
                    throw new ImageFormatException(where + " at offset " + offset + ": payload length "
                            + Integer.toUnsignedString(length) + " exceeds the " + available
                            + " bytes remaining in the file (limit " + ImageDescriptor.MAX_SECTION_PAYLOAD + ")",
                            offset + ImageDescriptor.SECTION_LENGTH_OFFSET);
                }
                // Checked above: this allocation is bounded by the file's own size.
                int total = ImageDescriptor.SECTION_HEADER_LENGTH + length + ImageDescriptor.SECTION_CRC_LENGTH;
                byte[] bytes = new byte[total];
                readFully(offset, ByteBuffer.wrap(bytes));
                CRC32C crc = new CRC32C();
                crc.update(bytes, ImageDescriptor.SECTION_HEADER_LENGTH, length);
                crc.update(bytes, 0, ImageDescriptor.SECTION_HEADER_LENGTH);
                int stored = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(total - 4);
                if ((int) crc.getValue() != stored) {
                    throw new ImageFormatException(where + " at offset " + offset + ": CRC32C mismatch, stored 0x"
                            + Integer.toHexString(stored) + ", computed 0x" + Integer.toHexString((int) crc.getValue()),
                            ImageDescriptor.crcOffset(offset, length));
                }
                sections.add(new Image.Section(index, type, offset, length, stored));
                StateReader in = new StateReader(bytes, ImageDescriptor.SECTION_HEADER_LENGTH,
                        ImageDescriptor.SECTION_HEADER_LENGTH + length, where, ImageDescriptor.payloadOffset(offset));
                checkOrder(index, type, in, offset);
                if (type == ImageDescriptor.SECTION_TRAILER) {
                    readTrailer(in, index, offset);
                    return finish();
                }
                readSection(type, in);
                in.expectEnd();
                offset += total;
            }
        }

        private void readPreamble() throws IOException {
            if (size < ImageDescriptor.PREAMBLE_LENGTH) {
                throw new ImageFormatException(file + " preamble at offset 0: image is " + size
                        + " bytes, shorter than the " + ImageDescriptor.PREAMBLE_LENGTH + "-byte preamble", 0);
            }
            ByteBuffer pre = readFully(0, ImageDescriptor.PREAMBLE_LENGTH);
            long magic = pre.getLong(ImageDescriptor.MAGIC_OFFSET);
            if (magic != ImageDescriptor.HEADER_MAGIC) {
                throw new ImageFormatException(file + " preamble at offset 0: magic 0x" + Long.toHexString(magic)
                        + " is not a kernkit checkpoint image (expected 0x"
                        + Long.toHexString(ImageDescriptor.HEADER_MAGIC) + ")", 0);
            }
            int version = pre.getInt(ImageDescriptor.VERSION_OFFSET);
            if (version != ImageDescriptor.FORMAT_VERSION) {
                throw new ImageFormatException(file + " preamble at offset " + ImageDescriptor.VERSION_OFFSET
                        + ": format version " + version + " is not supported (this reader knows "
                        + ImageDescriptor.FORMAT_VERSION + ")", ImageDescriptor.VERSION_OFFSET);
            }
            int flags = pre.getInt(ImageDescriptor.FLAGS_OFFSET);
            if (flags != 0) {
                throw new ImageFormatException(file + " preamble at offset " + ImageDescriptor.FLAGS_OFFSET
                        + ": flags 0x" + Integer.toHexString(flags) + " are not supported (expected 0)",
                        ImageDescriptor.FLAGS_OFFSET);
            }
        }

        private void checkOrder(int index, int type, StateReader in, long offset) throws ImageFormatException {
            String problem = null;
            if (index == 0 && type != ImageDescriptor.SECTION_HEADER) {
                problem = "the first section must be HEADER";
            } else if (index == 1 && type != ImageDescriptor.SECTION_CONTAINER) {
                problem = "the second section must be CONTAINER";
            } else if (index > 1 && (type == ImageDescriptor.SECTION_HEADER
                    || type == ImageDescriptor.SECTION_CONTAINER)) {
                problem = "a second " + ImageDescriptor.sectionName(type) + " section";
            } else if (pendingTaskSignalsFor != null && type != ImageDescriptor.SECTION_SIGNALS) {
                problem = "task " + pendingTaskId + " must be followed by its SIGNALS section";
            } else if (pendingTaskSignalsFor == null && type == ImageDescriptor.SECTION_SIGNALS) {
                problem = "a SIGNALS section must follow a TASK section";
            } else if (!tasks.isEmpty() && (type == ImageDescriptor.SECTION_FIFO
                    || type == ImageDescriptor.SECTION_TERMINAL || type == ImageDescriptor.SECTION_OUTPUT)) {
                problem = "shared objects must come before the first TASK";
            }
            if (problem != null) {
                throw in.error("section out of order: " + problem, offset);
            }
        }

        private void readSection(int type, StateReader in) throws ImageFormatException {
            switch (type) {
                case ImageDescriptor.SECTION_HEADER -> {
                    long sequenceAt = in.fileOffset();
                    sequence = in.getLong();
                    epochMillis = in.getLong();
                    job = in.getName();
                    producer = in.getName();
                    rounds = in.getLong();
                    runId = new UUID(in.getLong(), in.getLong());
                    fingerprint = in.getLong();
                    if (sequence < 0) {
                        throw in.error("negative sequence " + sequence, sequenceAt);
                    }
                }
                case ImageDescriptor.SECTION_CONTAINER -> {
                    long at = in.fileOffset();
                    nextTaskId = in.getInt();
                    expectedTasks = in.getInt();
                    expectedFifos = in.getInt();
                    expectedTerminals = in.getInt();
                    expectedOutputs = in.getInt();
                    long targetAt = in.fileOffset();
                    externalSignalTarget = in.getInt();
                    if (externalSignalTarget < 0 || externalSignalTarget >= Math.max(1, nextTaskId)) {
                        throw in.error("external signal target " + externalSignalTarget + " out of range 0.."
                                + (nextTaskId - 1), targetAt);
                    }
                    if (nextTaskId < 1) {
                        throw in.error("next task id " + nextTaskId + " must be at least 1", at);
                    }
                    // Every object is at least one section of 12 bytes: counts beyond that cannot be honest.
                    long most = size / (ImageDescriptor.SECTION_HEADER_LENGTH + ImageDescriptor.SECTION_CRC_LENGTH);
                    if (expectedTasks < 0 || expectedFifos < 0 || expectedTerminals < 0 || expectedOutputs < 0
                            || (long) expectedTasks + expectedFifos + expectedTerminals + expectedOutputs > most) {
                        throw in.error("counts tasks=" + expectedTasks + " fifos=" + expectedFifos + " terminals="
                                + expectedTerminals + " outputs=" + expectedOutputs + " cannot fit in a "
                                + size + "-byte image", at + 4);
                    }
                }
                case ImageDescriptor.SECTION_FIFO -> {
                    long at = in.fileOffset();
                    String name = checkedName(in, "FIFO", at);
                    long capAt = in.fileOffset();
                    int capacity = in.getInt();
                    boolean closed = in.getBoolean();
                    long bufAt = in.fileOffset();
                    byte[] buffered = in.getBlob();
                    if (capacity < 1 || capacity > MAX_BUFFER_CAPACITY) {
                        throw in.error("FIFO " + name + " capacity " + capacity + " out of range 1.."
                                + MAX_BUFFER_CAPACITY, capAt);
                    }
                    if (buffered.length > capacity) {
                        throw in.error("FIFO " + name + " holds " + buffered.length + " bytes, more than its capacity "
                                + capacity, bufAt);
                    }
                    for (Image.FifoImage f : fifos) {
                        if (f.name().equals(name)) {
                            throw in.error("duplicate FIFO " + name, at);
                        }
                    }
                    fifos.add(new Image.FifoImage(name, capacity, closed, buffered));
                }
                case ImageDescriptor.SECTION_TERMINAL -> {
                    long at = in.fileOffset();
                    String name = checkedName(in, "terminal", at);
                    long fgAt = in.fileOffset();
                    int foreground = in.getInt();
                    int capacity = in.getInt();
                    long editAt = in.fileOffset();
                    byte[] edit = in.getBlob();
                    long inputAt = in.fileOffset();
                    byte[] input = in.getBlob();
                    long outputAt = in.fileOffset();
                    byte[] output = in.getBlob();
                    if (foreground < 0 || foreground >= nextTaskId) {
                        throw in.error("terminal " + name + " foreground task " + foreground + " out of range 0.."
                                + (nextTaskId - 1), fgAt);
                    }
                    if (capacity < 1 || capacity > MAX_BUFFER_CAPACITY) {
                        throw in.error("terminal " + name + " output capacity " + capacity + " out of range 1.."
                                + MAX_BUFFER_CAPACITY, fgAt + 4);
                    }
                    if (edit.length > Terminal.MAX_LINE) {
                        throw in.error("terminal " + name + " edit line of " + edit.length + " bytes exceeds "
                                + Terminal.MAX_LINE, editAt);
                    }
                    if (input.length > Terminal.INPUT_CAPACITY) {
                        throw in.error("terminal " + name + " input of " + input.length + " bytes exceeds "
                                + Terminal.INPUT_CAPACITY, inputAt);
                    }
                    if (output.length > capacity) {
                        throw in.error("terminal " + name + " output of " + output.length
                                + " bytes exceeds its capacity " + capacity, outputAt);
                    }
                    for (Image.TerminalImage t : terminals) {
                        if (t.name().equals(name)) {
                            throw in.error("duplicate terminal " + name, at);
                        }
                    }
                    terminals.add(new Image.TerminalImage(name, foreground, capacity, edit, input, output));
                }
                case ImageDescriptor.SECTION_OUTPUT -> {
                    long at = in.fileOffset();
                    String name = in.getName();
                    String problem = NameRules.outputNameProblem(name);
                    if (problem != null) {
                        throw in.error(problem, at);
                    }
                    long lengthAt = in.fileOffset();
                    long length = in.getLong();
                    if (length < 0) {
                        throw in.error("output " + name + " length " + length + " is negative", lengthAt);
                    }
                    for (Image.OutputImage o : outputs) {
                        if (o.name().equals(name)) {
                            throw in.error("duplicate output " + name, at);
                        }
                    }
                    outputs.add(new Image.OutputImage(name, length));
                }
                case ImageDescriptor.SECTION_TASK -> {
                    long at = in.fileOffset();
                    int id = in.getInt();
                    int parent = in.getInt();
                    String program = checkedName(in, "program", in.fileOffset());
                    int stateVersion = in.getInt();
                    long stateAt = in.fileOffset();
                    byte[] state = new byte[in.remaining()];
                    in.getRaw(state, 0, state.length);
                    if (id < 1 || id >= nextTaskId) {
                        throw in.error("task id " + id + " out of range 1.." + (nextTaskId - 1), at);
                    }
                    if (parent < 0 || parent >= nextTaskId || parent == id) {
                        throw in.error("task " + id + " parent id " + parent + " out of range 0.."
                                + (nextTaskId - 1) + " (and not itself)", at + 4);
                    }
                    if (!tasks.isEmpty() && tasks.getLast().id() >= id) {
                        throw in.error("task id " + id + " not above the previous task id " + tasks.getLast().id()
                                + " (ids are unique and in order)", at);
                    }
                    pendingTaskSignalsFor = in;
                    pendingTaskId = id;
                    pendingParentId = parent;
                    pendingProgram = program;
                    pendingStateVersion = stateVersion;
                    pendingState = state;
                    pendingStateOffset = stateAt;
                    pendingWhere = in.where();
                }
                case ImageDescriptor.SECTION_SIGNALS -> {
                    long at = in.fileOffset();
                    int id = in.getInt();
                    if (id != pendingTaskId) {
                        throw in.error("signals for task " + id + " follow task " + pendingTaskId, at);
                    }
                    long blocked = in.getLong();
                    int count = in.getCount("pending signal", 1);
                    if (count > Signals.MAX_PENDING) {
                        throw in.error("pending signal count " + count + " exceeds " + Signals.MAX_PENDING, at + 12);
                    }
                    int[] pending = new int[count];
                    for (int i = 0; i < count; i++) {
                        long sigAt = in.fileOffset();
                        int signal = in.getUnsignedByte();
                        if (signal < 1 || signal > Signals.MAX_SIGNAL) {
                            throw in.error("pending signal " + signal + " out of range 1.." + Signals.MAX_SIGNAL,
                                    sigAt);
                        }
                        pending[i] = signal;
                    }
                    tasks.add(new Image.TaskImage(pendingTaskId, pendingParentId, pendingProgram,
                            pendingStateVersion, pendingState,
                            pendingStateOffset, pendingWhere, blocked & ~Signals.mask(Signals.SIGKILL), pending));
                    pendingTaskSignalsFor = null;
                }
                default -> throw new AssertionError(type);
            }
        }

        private String checkedName(StateReader in, String kind, long at) throws ImageFormatException {
            String name = in.getName();
            String problem = NameRules.objectNameProblem(kind, name);
            if (problem != null) {
                throw in.error(problem, at);
            }
            return name;
        }

        private void readTrailer(StateReader in, int index, long offset) throws ImageFormatException {
            if (in.remaining() != ImageDescriptor.TRAILER_PAYLOAD_LENGTH) {
                throw in.error("trailer payload is " + in.remaining() + " bytes, expected "
                        + ImageDescriptor.TRAILER_PAYLOAD_LENGTH, offset);
            }
            int before = in.getInt();
            long trailerOffset = in.getLong();
            long magic = in.getLong();
            if (magic != ImageDescriptor.TRAILER_MAGIC) {
                throw in.error("trailer magic 0x" + Long.toHexString(magic) + ", expected 0x"
                        + Long.toHexString(ImageDescriptor.TRAILER_MAGIC), in.fileOffset() - 8);
            }
            if (before != index || trailerOffset != offset) {
                throw in.error("trailer says " + before + " sections before it at offset " + trailerOffset
                        + ", found " + index + " at offset " + offset, offset);
            }
            if (pendingTaskSignalsFor != null) {
                throw in.error("task " + pendingTaskId + " has no SIGNALS section", offset);
            }
            long end = offset + ImageDescriptor.sectionLength(ImageDescriptor.TRAILER_PAYLOAD_LENGTH);
            if (end != size) {
                throw in.error((size - end) + " bytes follow the trailer", end);
            }
        }

        private Image finish() throws ImageFormatException {
            if (tasks.size() != expectedTasks || fifos.size() != expectedFifos
                    || terminals.size() != expectedTerminals || outputs.size() != expectedOutputs) {
                throw new ImageFormatException(file + " section #1 (CONTAINER): counts tasks=" + expectedTasks
                        + " fifos=" + expectedFifos + " terminals=" + expectedTerminals + " outputs="
                        + expectedOutputs + " disagree with the sections found: tasks=" + tasks.size() + " fifos="
                        + fifos.size() + " terminals=" + terminals.size() + " outputs=" + outputs.size(),
                        sections.get(1).offset());
            }
            return new Image(path, sequence, epochMillis, job, producer, rounds, runId, fingerprint, nextTaskId, externalSignalTarget, List.copyOf(fifos),
                    List.copyOf(terminals), List.copyOf(outputs), List.copyOf(tasks), List.copyOf(sections));
        }

        private ByteBuffer readFully(long offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
            readFully(offset, buffer);
            return buffer.order(ByteOrder.LITTLE_ENDIAN);
        }

        private void readFully(long offset, ByteBuffer buffer) throws IOException {
            long position = offset;
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw new ImageFormatException(file + ": unexpected end of file at offset " + position, position);
                }
                position += n;
            }
            buffer.flip();
        }
    }
}

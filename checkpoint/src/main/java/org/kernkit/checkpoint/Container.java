package org.kernkit.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.kernkit.checkpoint.device.Fifo;
import org.kernkit.checkpoint.device.Output;
import org.kernkit.checkpoint.device.SignalQueueFullException;
import org.kernkit.checkpoint.device.Signals;
import org.kernkit.checkpoint.device.Terminal;
import org.kernkit.checkpoint.image.Image;
import org.kernkit.checkpoint.image.ImageCodec;
import org.kernkit.checkpoint.image.ImageDescriptor;
import org.kernkit.checkpoint.image.ImageFormatException;
import org.kernkit.checkpoint.image.ImageStore;
import org.kernkit.checkpoint.image.RunIdentity;
import org.kernkit.checkpoint.image.StateReader;
import org.kernkit.checkpoint.internal.BufferedFifo;
import org.kernkit.checkpoint.internal.CanonicalTerminal;
import org.kernkit.checkpoint.internal.ExactlyOnceOutput;
import org.kernkit.checkpoint.internal.NameRules;
import org.kernkit.checkpoint.internal.OsSignalRelay;
import org.kernkit.checkpoint.internal.RegularFiles;

/**
 * A container of tasks that can be checkpointed to an image and restarted from it, with every task's original id
 * (the {@code clone_with_pids()} analogue).
 *
 * <pre>
 *                   Container (one scheduler thread: run())
 *  tasks (id order)   1 init ─┬─ 2 generate ──FIFO raw──&gt; 3 transform ──FIFO cooked──&gt; 4 sink ──&gt; Output
 *  nextTaskId = 5             │     each task: program, state, blocked mask, pending signal queue
 *  FIFOs, terminals, outputs ─┘     by name
 *
 *  run():  ┌─&gt; requests? checkpoint / stop ─&gt; round: for each task in id order ─&gt; deliver unblocked signals
 *          │                                                                   └─&gt; step() ─&gt; PROGRESS | BLOCKED | EXIT
 *          └──────────────────────────────────────────── until no task is left
 * </pre>
 *
 * <p><b>Consistent cut.</b> Tasks run one step at a time on the thread that calls {@link #run()}, like processes on a
 * uniprocessor; a checkpoint is taken only between two rounds, so every task is between steps (the kernel's
 * freezer) and every FIFO, terminal and output is quiescent. Outputs are written out and forced <em>before</em> the
 * image that records their lengths is committed, so the image never claims bytes that are not durable.
 *
 * <p><b>Ids.</b> Ids start at 1 and increase; an exited task's id is never reused while the container lives, and
 * {@code nextTaskId} is part of the image, so tasks spawned after a restart never collide with restored ones.
 *
 * <p><b>Threads.</b> Tasks, FIFOs, terminals and outputs are confined to the scheduler thread (or to the owner
 * while the container is not running). The only methods safe from other threads are {@link #requestCheckpoint()},
 * {@link #requestStop()} and the shutdown hook of {@link #installShutdownHook(Duration)}: a request made before
 * {@code run()} reads it happens-before the checkpoint it causes, and the end of that checkpoint happens-before
 * {@link #awaitStopped(Duration)} returning true.
 */
public final class Container implements AutoCloseable {

    private static final int REQUEST_CHECKPOINT = 1;
    private static final int REQUEST_STOP = 2;
    /** A {@link CheckpointRequest} file was found in the directory. */
    private static final int REQUEST_FROM_FILE = 4;
    /** How often the scheduler looks for a request file: one stat per 50 ms, not per round. */
    private static final long REQUEST_POLL_NANOS = 50_000_000L;
    private static final String PRODUCER = "kernkit-checkpoint 2; Java " + Runtime.version();

    private final Path directory;
    private final Job job;
    private final CheckpointPolicy policy;
    private final ImageStore store;
    private final ImageCodec codec = new ImageCodec();
    private final Map<String, TaskProgram<?>> programs = new LinkedHashMap<>();
    private final Scheduler scheduler = new Scheduler();
    /** The scheduler's task table, by id; the container reads and spawns into it. */
    private final TreeMap<Integer, TaskSlot<?>> tasks = scheduler.tasks;
    private final Map<String, BufferedFifo> fifos = new LinkedHashMap<>();
    private final Map<String, CanonicalTerminal> terminals = new LinkedHashMap<>();
    private final Map<String, ExactlyOnceOutput> outputs = new LinkedHashMap<>();
    private final TaskContextImpl context = new TaskContextImpl();
    /** Checkpoint/stop requests from any thread; read and cleared by the scheduler with getAndSet (volatile). */
    private final AtomicInteger requests = new AtomicInteger();
    /** Counted down when a run ends; replaced (before {@code runner} is published) at the start of each run. */
    private volatile CountDownLatch stopped = new CountDownLatch(1);
    private final List<String> restoreMessages = new ArrayList<>();
    private volatile Thread runner;
    private Thread shutdownHook;
    private int nextTaskId = 1;
    private long rounds;
    private long nextRequestPoll;
    private long roundsAtLastCheckpoint = -1;
    private long nextSequence;
    private long checkpointsWritten;
    private Path lastImage;
    private Path restoredFrom;
    /** This process's ownership of the directory; null only before set-up and after close. */
    private JobDirectoryLock lock;
    /** The run this container continues, stamped into every image it writes. */
    private RunIdentity run;
    private final long fingerprint;
    /** Restored from an image with no task left: the job is finished and nothing is opened for writing. */
    private boolean finished;
    /** The task that receives signals raised from outside (0: none); confined, and part of the image. */
    private int externalSignalTarget;
    /**
     * Signals raised from outside ({@link #raise}), from any thread. The queue's offer happens-before the poll that
     * takes it on the scheduler thread, so the signal number is seen as written.
     */
    private final java.util.concurrent.ConcurrentLinkedQueue<Integer> raised =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private long droppedExternalSignals;
    private OsSignalRelay signalRelay;
    private java.util.function.Consumer<Container> checkpointObserver;

    private Container(Path directory, Job job, CheckpointPolicy policy, ImageStore store) {
        this.directory = directory;
        this.job = job;
        this.policy = policy;
        this.store = java.util.Objects.requireNonNull(store, "store");
        if (NameRules.objectNameProblem("job", job.name()) != null) {
            throw new IllegalArgumentException(NameRules.objectNameProblem("job", job.name()));
        }
        for (TaskProgram<?> program : job.programs()) {
            String problem = NameRules.objectNameProblem("program", program.name());
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            if (programs.putIfAbsent(program.name(), program) != null) {
                throw new IllegalArgumentException("job " + job.name() + " has two programs named " + program.name());
            }
        }
        this.fingerprint = fingerprint(job);
    }

    /**
     * The fingerprint of a job's programs and their state versions, as {@link RunIdentity#fingerprint(Map)} hashes
     * it: what every image of the job records, so that restart can tell when the code changed.
     *
     * @param job a job
     * @return its fingerprint
     */
    static long fingerprint(Job job) {
        Map<String, Integer> versions = new TreeMap<>();
        for (TaskProgram<?> program : job.programs()) {
            versions.put(program.name(), program.codec().version());
        }
        return RunIdentity.fingerprint(versions);
    }

    /**
     * Starts a job afresh in an empty directory (or one without images), and writes its first checkpoint.
     *
     * @param directory where images and outputs live; created if missing
     * @param job the job; its {@link Job#start} sets the container up
     * @param policy checkpoint policy
     * @return the container, ready to {@link #run()}
     * @throws IllegalStateException if the directory already holds checkpoint images (restart it instead)
     * @throws JobDirectoryInUseException if another live process owns the directory (see {@link JobDirectoryLock})
     * @throws IOException if the directory or an output cannot be written
     */
    public static Container create(Path directory, Job job, CheckpointPolicy policy) throws IOException {
        return create(directory, job, policy, List.of());
    }

    /**
     * Starts a job afresh, as {@link #create(Path, Job, CheckpointPolicy)} does, and records how it was launched in
     * the directory's {@link RunIdentity}, so that a launcher can build the same job again at restart.
     *
     * @param directory where images and outputs live; created if missing
     * @param job the job
     * @param policy checkpoint policy
     * @param launch what the launcher needs to build the job again (see {@link RunIdentity#launch()})
     * @return the container, ready to {@link #run()}
     * @throws IllegalStateException if the directory already holds checkpoint images or a run record
     * @throws JobDirectoryInUseException if another live process owns the directory
     * @throws IOException if the directory or an output cannot be written
     */
    public static Container create(Path directory, Job job, CheckpointPolicy policy, List<String> launch)
            throws IOException {
        return create(directory, job, policy, launch, ImageStore.local(directory));
    }

    /**
     * Starts a job afresh with its images in another {@link ImageStore} (shared storage, say); the lock, the run
     * record and the outputs stay in {@code directory}.
     *
     * @param directory the job directory, as for {@link #create(Path, Job, CheckpointPolicy, List)}
     * @param job the job to start
     * @param policy when to checkpoint and how many images to keep
     * @param launch the arguments that rebuild the job at restart, kept in the run record
     * @param store where the images go; it must keep the guarantees {@link ImageStore} lists
     * @return the container, ready to {@link #run()}
     * @throws IOException as {@link #create(Path, Job, CheckpointPolicy, List)} throws it
     * @see #create(Path, Job, CheckpointPolicy, List)
     */
    public static Container create(Path directory, Job job, CheckpointPolicy policy, List<String> launch,
            ImageStore store) throws IOException {
        List<String> arguments = List.copyOf(launch);
        return owned(directory, job, policy, store, c -> c.create0(arguments));
    }

    /**
     * Restarts a job from the newest usable image of the directory's run.
     *
     * <p>An image is usable if it reads and validates, belongs to the directory's run (its {@link RunIdentity}) and
     * job, names only programs the job has with the state versions their codecs have, every task state decodes
     * completely, and every output holds at least the bytes the image committed. Newer images that are not usable
     * are moved to {@code rejected/} (never deleted; see {@link ImageStore#moveAside}) and each is reported in
     * {@link #restoreMessages()}. If no image is usable, nothing is moved and the error lists every reason. A run
     * killed before its first image starts from the beginning. An image with no task left is a finished job:
     * {@link #isFinished()} is true and nothing in the directory is changed. Outputs are cut back to their
     * checkpointed lengths only after the whole image has been validated.
     *
     * @param directory where the images and outputs are
     * @param job the job the images belong to
     * @param policy checkpoint policy from now on
     * @return the container, ready to {@link #run()}
     * @throws ImageFormatException if no image is usable (every rejection is named), or images exist without a run
     *     record
     * @throws java.nio.file.NoSuchFileException if the directory holds neither an image nor a run record
     * @throws JobDirectoryInUseException if another live process owns the directory (see {@link JobDirectoryLock})
     * @throws IllegalArgumentException if the directory's run belongs to another job
     * @throws IOException if files cannot be read or written; the message names the file
     */
    public static Container restore(Path directory, Job job, CheckpointPolicy policy) throws IOException {
        return restore(directory, job, policy, ImageStore.local(directory));
    }

    /**
     * Restarts a job whose images are in another {@link ImageStore}, as
     * {@link #restore(Path, Job, CheckpointPolicy)} does.
     *
     * @param directory the job directory, which holds the lock, the run record and the outputs
     * @param job the same job the run started with (its programs restore the tasks)
     * @param policy when to checkpoint from now on and how many images to keep
     * @param store where the images are
     * @return the container, ready to {@link #run()}
     * @throws IOException as {@link #restore(Path, Job, CheckpointPolicy)} throws it
     */
    public static Container restore(Path directory, Job job, CheckpointPolicy policy, ImageStore store)
            throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new java.nio.file.NoSuchFileException(directory.toString(), null,
                    "no such job directory to restart from");
        }
        return owned(directory, job, policy, store, Container::restore0);
    }

    /**
     * Restarts from the directory's images if it has any, else starts the job afresh.
     *
     * @param directory where images and outputs live; created if missing
     * @param job the job
     * @param policy checkpoint policy
     * @return the container, ready to {@link #run()}
     * @throws IOException as {@link #create} or {@link #restore} throw it
     * @see #create
     * @see #restore
     */
    public static Container open(Path directory, Job job, CheckpointPolicy policy) throws IOException {
        return owned(directory, job, policy, ImageStore.local(directory), c -> {
            if (c.store.images().isEmpty() && RunIdentity.read(directory) == null) {
                c.create0(List.of());
            } else {
                c.restore0();
            }
        });
    }

    /** A set-up step run while the container holds its directory's lock. */
    private interface SetUp {
        void run(Container container) throws IOException;
    }

    /**
     * Takes the directory's lock before anything in it is read or written, runs the set-up, and releases the lock
     * (and closes the outputs) if it fails; on success the container holds the lock until {@link #close()}.
     */
    private static Container owned(Path directory, Job job, CheckpointPolicy policy, ImageStore store, SetUp setUp)
            throws IOException {
        Container container = new Container(directory, job, policy, store);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw RegularFiles.named(e, "create job directory", directory);
        }
        container.lock = JobDirectoryLock.acquire(directory);
        try {
            setUp.run(container);
            return container;
        } catch (IOException | RuntimeException | Error e) {
            try {
                container.close();
            } catch (IOException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    private void create0(List<String> launch) throws IOException {
        List<Path> existing = store.images();
        if (!existing.isEmpty()) {
            throw new IllegalStateException(directory + " already holds " + existing.size()
                    + " checkpoint images (newest " + existing.getLast().getFileName() + "): restart it instead");
        }
        RunIdentity recorded = RunIdentity.read(directory);
        if (recorded != null) {
            throw new IllegalStateException(directory + " holds run " + recorded.shortId() + " of job "
                    + recorded.job() + ", which stopped before its first image: restart it instead (it starts"
                    + " from the beginning)");
        }
        run = RunIdentity.start(job.name(), fingerprint, launch);
        // Durable before any output is touched: a kill from here on leaves a run that restart can begin again.
        run.write(directory);
        startFresh();
    }

    private void startFresh() throws IOException {
        store.deleteTemporaries();
        nextSequence = store.nextSequence();
        job.start(this);
        checkpoint();
    }

    private void restore0() throws IOException {
        RunIdentity recorded = RunIdentity.read(directory);
        List<Path> images = store.images();
        if (recorded == null) {
            if (images.isEmpty()) {
                throw new java.nio.file.NoSuchFileException(directory.toString(), null,
                        "no checkpoint image and no run record to restart from");
            }
            throw new ImageFormatException(directory + " holds " + images.size() + " images but no run record "
                    + RunIdentity.FILE_NAME + " (deleted, or the images were copied in): refusing to guess which"
                    + " run to continue", -1);
        }
        if (!recorded.job().equals(job.name())) {
            throw new IllegalArgumentException(directory + " belongs to job " + recorded.job() + ", not "
                    + job.name());
        }
        run = recorded;
        if (images.isEmpty()) {
            restoreMessages.add("run " + run.shortId() + " of job " + run.job() + " stopped before its first image;"
                    + " starting it from the beginning");
            startFresh();
            return;
        }
        List<Path> rejectedPaths = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        Restorable chosen = null;
        for (int i = images.size() - 1; i >= 0 && chosen == null; i--) {
            try {
                chosen = prepare(images.get(i));
            } catch (IOException e) {
                rejectedPaths.add(images.get(i));
                reasons.add(e.getMessage());
            }
        }
        if (chosen == null) {
            // Nothing is moved: with no usable image, every image stays for a person (or a fixed class path).
            throw new ImageFormatException("no usable checkpoint image in " + directory + ": "
                    + String.join("; ", reasons), -1);
        }
        for (int i = 0; i < rejectedPaths.size(); i++) {
            Path moved = store.moveAside(rejectedPaths.get(i), reasons.get(i));
            restoreMessages.add(rejectedPaths.get(i).getFileName() + " rejected: " + reasons.get(i) + "; moved to "
                    + moved + "; falling back to " + chosen.image.path().getFileName());
        }
        if (chosen.image.fingerprint() != fingerprint) {
            restoreMessages.add(chosen.image.path().getFileName() + " was written by programs or state versions"
                    + " other than this job's (fingerprint " + Long.toHexString(chosen.image.fingerprint())
                    + ", now " + Long.toHexString(fingerprint) + "); every task state decoded");
        }
        apply(chosen);
        store.deleteTemporaries();
        nextSequence = store.nextSequence();
    }

    /** An image found usable, with every task state decoded; nothing on disk changed yet. */
    private record Restorable(Image image, List<TaskSlot<?>> tasks) {}

    /**
     * Reads an image and checks everything restart needs, without changing anything: format, sequence, run, job,
     * programs, state versions, task states, and outputs at least as long as the image committed.
     */
    private Restorable prepare(Path path) throws IOException {
        Image image = ImageCodec.read(path);
        String where = path.getFileName() + " section #0 (HEADER)";
        if (image.sequence() != ImageStore.sequenceOf(path)) {
            throw new ImageFormatException(where + ": sequence " + image.sequence()
                    + " does not match the file name's " + ImageStore.sequenceOf(path), ImageDescriptor.PREAMBLE_LENGTH);
        }
        if (!image.runId().equals(run.runId())) {
            throw new ImageFormatException(where + ": image from another run (run " + image.runId()
                    + "); this directory holds run " + run.runId(), ImageDescriptor.PREAMBLE_LENGTH);
        }
        if (!image.job().equals(run.job())) {
            throw new ImageFormatException(where + ": image of job " + image.job() + ", but this directory's run is"
                    + " of job " + run.job(), ImageDescriptor.PREAMBLE_LENGTH);
        }
        List<TaskSlot<?>> restored = new ArrayList<>();
        for (Image.TaskImage task : image.tasks()) {
            TaskProgram<?> program = programs.get(task.program());
            if (program == null) {
                throw new ImageFormatException(task.where() + ": task " + task.id() + " runs program "
                        + task.program() + ", which job " + job.name() + " does not have (it has "
                        + programs.keySet() + ")", task.stateOffset());
            }
            TaskSlot<?> slot = decode(program, task);
            slot.blockedMask = task.blockedMask();
            for (int signal : task.pending()) {
                slot.pending.add(signal);
            }
            restored.add(slot);
        }
        if (!image.tasks().isEmpty()) {
            for (Image.OutputImage o : image.outputs()) {
                ExactlyOnceOutput.checkRestorable(o.name(), directory.resolve(o.name()), o.length(), path.getFileName());
            }
        }
        return new Restorable(image, restored);
    }

    private void apply(Restorable chosen) throws IOException {
        Image image = chosen.image;
        for (Image.FifoImage f : image.fifos()) {
            fifos.put(f.name(), BufferedFifo.restore(f.name(), f.capacity(), f.writerClosed(), f.buffered()));
        }
        for (Image.TerminalImage t : image.terminals()) {
            terminals.put(t.name(), CanonicalTerminal.restore(t.name(), t.outputCapacity(), t.foregroundTask(), t.editLine(),
                    t.input(), t.output(), this::sendRuntimeSignal));
        }
        for (TaskSlot<?> slot : chosen.tasks) {
            tasks.put(slot.id, slot);
        }
        nextTaskId = image.nextTaskId();
        externalSignalTarget = image.externalSignalTarget();
        rounds = image.rounds();
        roundsAtLastCheckpoint = rounds;
        restoredFrom = image.path();
        lastImage = image.path();
        if (image.tasks().isEmpty()) {
            // Finished: restart changes nothing, so no output is opened (or cut back).
            finished = true;
            return;
        }
        try {
            for (Image.OutputImage o : image.outputs()) {
                outputs.put(o.name(), ExactlyOnceOutput.restore(o.name(), directory.resolve(o.name()), o.length()));
            }
        } catch (IOException | RuntimeException e) {
            closeOutputs();
            throw e;
        }
    }

    private static <S> TaskSlot<S> decode(TaskProgram<S> program, Image.TaskImage task) throws ImageFormatException {
        StateReader in = new StateReader(task.state(), 0, task.state().length,
                task.where() + " state of task " + task.id() + " (" + task.program() + ")", task.stateOffset());
        S state = program.codec().decode(in, task.stateVersion());
        in.expectEnd();
        return new TaskSlot<>(task.id(), task.parentId(), program, state);
    }

    // ---- setting up (Job.start, or the owner while not running) ----

    /**
     * Creates a FIFO.
     *
     * @param name unique among FIFOs, 1 to 255 UTF-8 bytes
     * @param capacity most bytes buffered, 1 to {@link ImageCodec#MAX_BUFFER_CAPACITY}
     * @return the FIFO
     * @throws IllegalArgumentException if the name is taken or invalid, or the capacity out of range
     */
    public Fifo createFifo(String name, int capacity) {
        checkName("FIFO", name, fifos);
        if (capacity < 1 || capacity > ImageCodec.MAX_BUFFER_CAPACITY) {
            throw new IllegalArgumentException("FIFO " + name + " capacity " + capacity + " out of range 1.."
                    + ImageCodec.MAX_BUFFER_CAPACITY);
        }
        BufferedFifo fifo = new BufferedFifo(name, capacity);
        fifos.put(name, fifo);
        return fifo;
    }

    /**
     * Creates a terminal.
     *
     * @param name unique among terminals, 1 to 255 UTF-8 bytes
     * @param outputCapacity size of its output buffer, 1 to {@link ImageCodec#MAX_BUFFER_CAPACITY}
     * @return the terminal
     * @throws IllegalArgumentException if the name is taken or invalid, or the capacity out of range
     */
    public Terminal createTerminal(String name, int outputCapacity) {
        checkName("terminal", name, terminals);
        if (outputCapacity < 1 || outputCapacity > ImageCodec.MAX_BUFFER_CAPACITY) {
            throw new IllegalArgumentException("terminal " + name + " output capacity " + outputCapacity
                    + " out of range 1.." + ImageCodec.MAX_BUFFER_CAPACITY);
        }
        CanonicalTerminal terminal = new CanonicalTerminal(name, outputCapacity, this::sendRuntimeSignal);
        terminals.put(name, terminal);
        return terminal;
    }

    /**
     * Creates (or truncates) an exactly-once output file in the container's directory.
     *
     * @param name the file name: 1 to 100 of {@code [A-Za-z0-9._-]}, not an image name
     * @return the output
     * @throws IllegalArgumentException if the name is taken or invalid
     * @throws IOException if the file cannot be created
     */
    public Output createOutput(String name) throws IOException {
        String problem = NameRules.outputNameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (outputs.containsKey(name)) {
            throw new IllegalArgumentException("output " + name + " already exists");
        }
        ExactlyOnceOutput output = ExactlyOnceOutput.create(name, directory.resolve(name));
        outputs.put(name, output);
        return output;
    }

    /**
     * Spawns a task with parent 0.
     *
     * @param program its code; must be one of the job's programs so that restart finds it
     * @param state its initial state, owned by the container from now on
     * @param <S> the program's state type
     * @return its id, never used before in this container
     * @throws IllegalArgumentException if the program is not one of the job's
     * @throws IllegalStateException if called from another thread while running
     */
    public <S> int spawn(TaskProgram<S> program, S state) {
        checkOwnerThread();
        return spawn(program, state, 0);
    }

    private <S> int spawn(TaskProgram<S> program, S state, int parentId) {
        if (programs.get(program.name()) != program) {
            throw new IllegalArgumentException("program " + program.name() + " is not one of job " + job.name()
                    + "'s programs " + programs.keySet() + ": restart could not find it");
        }
        if (nextTaskId == Integer.MAX_VALUE) {
            throw new IllegalStateException("task ids exhausted at " + nextTaskId);
        }
        int id = nextTaskId++;
        tasks.put(id, new TaskSlot<>(id, parentId, program, state));
        return id;
    }

    /**
     * Queues a signal for a task, as {@link TaskContext#kill} does.
     *
     * @param taskId the target
     * @param signal 1 to {@link Signals#MAX_SIGNAL}
     * @return false if the task does not exist
     * @throws SignalQueueFullException if the task has {@link Signals#MAX_PENDING} signals pending
     * @throws IllegalArgumentException if the signal number is out of range
     * @throws IllegalStateException if called from another thread while running
     */
    public boolean kill(int taskId, int signal) {
        checkOwnerThread();
        return sendSignal(taskId, signal);
    }

    private boolean sendSignal(int taskId, int signal) {
        return scheduler.queueSignal(taskId, signal);
    }

    private int sendRuntimeSignal(int taskId, int signal) {
        return scheduler.queueRuntimeSignal(taskId, signal);
    }

    // ---- running ----

    /**
     * Runs the tasks until all have exited or a stop is requested, checkpointing per the policy and on request.
     *
     * @return {@link RunOutcome#FINISHED} (a final image with no tasks is written) or {@link RunOutcome#STOPPED}
     * @throws IllegalStateException if already running, or if every task is blocked and none can progress
     * @throws IOException if a step or a checkpoint fails; the container must then be restarted from its images
     */
    public RunOutcome run() throws IOException {
        return run(Long.MAX_VALUE);
    }

    /**
     * Runs at most {@code maxRounds} scheduling rounds, as {@link #run()} does; when the budget is spent before every
     * task exits, writes a checkpoint and returns {@link RunOutcome#STOPPED}.
     *
     * @param maxRounds most rounds to run, at least 0
     * @return how the run ended
     * @throws IllegalArgumentException if maxRounds is negative
     * @throws IllegalStateException if already running, or if every task is blocked and none can progress
     * @throws IOException if a step or a checkpoint fails
     */
    public RunOutcome run(long maxRounds) throws IOException {
        if (maxRounds < 0) {
            throw new IllegalArgumentException("maxRounds " + maxRounds + " is negative");
        }
        if (runner != null) {
            throw new IllegalStateException("container " + directory + " is already running on " + runner.getName());
        }
        if (stopped.getCount() == 0) {
            stopped = new CountDownLatch(1);
        }
        // Volatile write after the latch: a thread that sees this runner also sees this run's latch.
        runner = Thread.currentThread();
        try {
            long intervalNanos = policy.interval().toNanos();
            long due = intervalNanos > 0 ? System.nanoTime() + intervalNanos : Long.MAX_VALUE;
            for (long budget = maxRounds; ; budget--) {
                // Volatile read-and-clear: a request set by another thread before this read happens-before the
                // checkpoint below, and is consumed exactly once.
                int request = requests.getAndSet(0);
                takeRaisedSignals();
                long now = System.nanoTime();
                if (now - nextRequestPoll >= 0) {
                    nextRequestPoll = now + REQUEST_POLL_NANOS;
                    request |= CheckpointRequest.isPending(directory) ? REQUEST_FROM_FILE : 0;
                }
                if ((request & REQUEST_STOP) != 0) {
                    checkpoint0();
                    return RunOutcome.STOPPED;
                }
                if (tasks.isEmpty()) {
                    if (rounds != roundsAtLastCheckpoint) {
                        checkpoint0();
                    } else {
                        flushOutputs();
                    }
                    return RunOutcome.FINISHED;
                }
                if (budget == 0) {
                    checkpoint0();
                    return RunOutcome.STOPPED;
                }
                if ((request & (REQUEST_CHECKPOINT | REQUEST_FROM_FILE)) != 0 || System.nanoTime() - due >= 0) {
                    checkpoint0();
                    due = intervalNanos > 0 ? System.nanoTime() + intervalNanos : Long.MAX_VALUE;
                }
                if (!scheduler.round(context)) {
                    throw new IllegalStateException("deadlock after round " + rounds + ": every task is blocked "
                            + describeTasks());
                }
                rounds++;
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                flushOutputs();
            } catch (IOException flushFailure) {
                e.addSuppressed(flushFailure);
            }
            throw e;
        } finally {
            runner = null;
            // Counted down after the last checkpoint of this run: awaitStopped() sees it complete.
            stopped.countDown();
        }
    }

    /**
     * Writes a checkpoint now. Only while not running; a running container checkpoints on {@link #requestCheckpoint()}.
     *
     * @return the image written
     * @throws IllegalStateException if the container is running
     * @throws IOException if the image or an output cannot be written
     */
    public Path checkpoint() throws IOException {
        if (runner != null) {
            throw new IllegalStateException("checkpoint() while running on " + runner.getName()
                    + ": use requestCheckpoint()");
        }
        return checkpoint0();
    }

    private Path checkpoint0() throws IOException {
        // Signals raised before this instant are in the image, pending, and survive a restart.
        takeRaisedSignals();
        for (ExactlyOnceOutput output : outputs.values()) {
            output.flushAndForce();
        }
        long sequence = nextSequence;
        Path image = store.write(sequence, this::writeImage);
        nextSequence = sequence + 1;
        store.retain(policy.retain());
        roundsAtLastCheckpoint = rounds;
        checkpointsWritten++;
        lastImage = image;
        // After the image is durable: whoever asked from outside may now read it.
        CheckpointRequest.answerIfPending(directory);
        if (checkpointObserver != null) {
            checkpointObserver.accept(this);
        }
        return image;
    }

    private void writeImage(java.nio.channels.FileChannel channel) throws IOException {
        codec.write(channel, imageSource);
    }

    /** The container as the image encoder sees it, at a round boundary. */
    private final ImageCodec.Source imageSource = new ImageCodec.Source() {
        @Override
        public long sequence() {
            return nextSequence;
        }

        @Override
        public String job() {
            return job.name();
        }

        @Override
        public String producer() {
            return PRODUCER;
        }

        @Override
        public long rounds() {
            return rounds;
        }

        @Override
        public java.util.UUID runId() {
            return run.runId();
        }

        @Override
        public long fingerprint() {
            return fingerprint;
        }

        @Override
        public int nextTaskId() {
            return nextTaskId;
        }

        @Override
        public int externalSignalTarget() {
            return externalSignalTarget;
        }

        @Override
        public java.util.Collection<Image.FifoImage> fifos() {
            List<Image.FifoImage> images = new ArrayList<>(fifos.size());
            for (BufferedFifo f : fifos.values()) {
                images.add(new Image.FifoImage(f.name(), f.capacity(), f.writerClosed(), f.bufferedBytes()));
            }
            return images;
        }

        @Override
        public java.util.Collection<Image.TerminalImage> terminals() {
            List<Image.TerminalImage> images = new ArrayList<>(terminals.size());
            for (CanonicalTerminal t : terminals.values()) {
                images.add(new Image.TerminalImage(t.name(), t.foregroundTask(), t.outputCapacity(),
                        t.editLineBytes(), t.inputBytes(), t.outputBytes()));
            }
            return images;
        }

        @Override
        public java.util.Collection<Image.OutputImage> outputs() {
            List<Image.OutputImage> images = new ArrayList<>(outputs.size());
            for (ExactlyOnceOutput o : outputs.values()) {
                images.add(new Image.OutputImage(o.name(), o.length()));
            }
            return images;
        }

        @Override
        public java.util.Collection<? extends ImageCodec.TaskSource> tasks() {
            return tasks.values();
        }
    };

    /**
     * Raises a signal from outside the container, as {@code kill -USR1 <pid>} does through
     * {@link #installSignalHandlers()}. Safe from any thread. At the next round boundary (or checkpoint) it is queued
     * for the {@linkplain #setExternalSignalTarget external signal target}; from then on it is an ordinary pending
     * signal, in the image and restored with it. With no live target, or a target whose queue is full, it is dropped
     * and counted in {@link #droppedExternalSignals()}.
     *
     * @param signal 1 to {@link Signals#MAX_SIGNAL}
     * @throws IllegalArgumentException if the number is out of range
     */
    public void raise(int signal) {
        Signals.check(signal);
        raised.offer(signal);
    }

    private void takeRaisedSignals() {
        for (Integer signal = raised.poll(); signal != null; signal = raised.poll()) {
            if (sendRuntimeSignal(externalSignalTarget, signal) == 0) {
                droppedExternalSignals++;
            }
        }
    }

    /**
     * Names the task that receives signals raised from outside; kept in the image.
     *
     * @param taskId a live task, or 0 for none
     * @throws IllegalArgumentException if no such task
     * @throws IllegalStateException if called from another thread while running
     */
    public void setExternalSignalTarget(int taskId) {
        checkOwnerThread();
        if (taskId != 0) {
            slot(taskId);
        }
        externalSignalTarget = taskId;
    }

    /** {@return the task that receives signals raised from outside, 0 for none} */
    public int externalSignalTarget() {
        return externalSignalTarget;
    }

    /** {@return signals raised from outside that found no live target (or a full queue)} */
    public long droppedExternalSignals() {
        return droppedExternalSignals;
    }

    /**
     * Routes SIGUSR1, SIGUSR2 and SIGHUP sent to this JVM to {@link #raise}, so they reach the job instead of ending
     * the JVM. Undone by {@link #close()}.
     *
     * <p>Mechanism: {@code sun.misc.Signal} handlers (module {@code jdk.unsupported}) that only queue the number for
     * the scheduler. Limits: HotSpot refuses signals it uses itself (SIGUSR2 on some builds and flags); the kernel
     * coalesces a signal that is already pending; a signal that arrives after the last checkpoint before a
     * {@code kill -9} is lost with the process; handlers are per JVM, so the last container to install them
     * receives them.
     *
     * @throws IllegalStateException if already installed, or the JVM refuses one of the signals
     */
    public void installSignalHandlers() {
        if (signalRelay != null) {
            throw new IllegalStateException("signal handlers already installed");
        }
        signalRelay = OsSignalRelay.install(this::raise);
    }

    /**
     * Sets what is told after each checkpoint is durable, on the thread that wrote it (the scheduler's while
     * running), for progress displays; it may read the container's getters but must not change it or block.
     *
     * @param observer the observer, or null for none
     */
    public void setCheckpointObserver(java.util.function.Consumer<Container> observer) {
        checkpointObserver = observer;
    }

    /** {@return bytes appended to every output so far, buffered ones included} */
    public long outputBytes() {
        long total = 0;
        for (ExactlyOnceOutput output : outputs.values()) {
            total += output.length();
        }
        return total;
    }

    /** Asks the running container to checkpoint at the next round boundary. Safe from any thread. */
    public void requestCheckpoint() {
        requests.getAndUpdate(r -> r | REQUEST_CHECKPOINT);
    }

    /** Asks the running container to checkpoint and return {@link RunOutcome#STOPPED} at the next round boundary. */
    public void requestStop() {
        requests.getAndUpdate(r -> r | REQUEST_STOP);
    }

    /**
     * Waits for the current (or last) {@link #run()} to return.
     *
     * @param timeout how long to wait at most
     * @return true if it returned within the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Installs a JVM shutdown hook (SIGTERM, SIGINT, System.exit): if the container is running, it requests a stop and
     * waits up to {@code timeout} for the checkpoint to be written. Removed by {@link #close()}.
     *
     * @param timeout how long the hook waits for the checkpoint before the JVM exits
     * @throws IllegalStateException if already installed
     */
    public void installShutdownHook(Duration timeout) {
        if (shutdownHook != null) {
            throw new IllegalStateException("shutdown hook already installed");
        }
        shutdownHook = new Thread(() -> {
            if (runner != null) {
                requestStop();
                try {
                    awaitStopped(timeout);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "kernkit-checkpoint-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    // ---- looking at it ----

    /** {@return the container's directory} */
    public Path directory() {
        return directory;
    }

    /** {@return the job} */
    public Job job() {
        return job;
    }

    /** {@return ids of live tasks, ascending} */
    public List<Integer> taskIds() {
        return List.copyOf(tasks.keySet());
    }

    /** {@return the id the next spawned task will receive} */
    public int nextTaskId() {
        return nextTaskId;
    }

    /**
     * Names a live task's program.
     *
     * @param taskId a live task
     * @return the name of its program
     * @throws IllegalArgumentException if no such task
     */
    public String programOf(int taskId) {
        return slot(taskId).program.name();
    }

    /**
     * Tells which task spawned a live task.
     *
     * @param taskId a live task
     * @return its parent id
     * @throws IllegalArgumentException if no such task
     */
    public int parentOf(int taskId) {
        return slot(taskId).parentId;
    }

    /**
     * Shows a live task's state, for inspection and tests.
     *
     * @param taskId a live task
     * @return its state object (owned by the container; look, do not keep)
     * @throws IllegalArgumentException if no such task
     */
    public Object stateOf(int taskId) {
        return slot(taskId).state;
    }

    /**
     * Shows a live task's blocked signals.
     *
     * @param taskId a live task
     * @return its blocked mask
     * @throws IllegalArgumentException if no such task
     */
    public long blockedMaskOf(int taskId) {
        return slot(taskId).blockedMask;
    }

    /**
     * Sets a task's blocked mask from outside (as {@code sigprocmask} on its behalf); the SIGKILL bit is ignored.
     *
     * @param taskId a live task
     * @param mask one bit per signal, as {@link Signals#mask} gives them
     * @throws IllegalArgumentException if no such task
     * @throws IllegalStateException if called from another thread while running
     */
    public void setBlockedMask(int taskId, long mask) {
        checkOwnerThread();
        slot(taskId).blockedMask = mask & ~Signals.mask(Signals.SIGKILL);
    }

    /**
     * Shows the signals queued for a live task and not yet delivered (a copy).
     *
     * @param taskId a live task
     * @return its pending signals, oldest first
     * @throws IllegalArgumentException if no such task
     */
    public List<Integer> pendingSignalsOf(int taskId) {
        return List.copyOf(slot(taskId).pending);
    }

    /**
     * Looks up one of the job's FIFOs, for inspection and tests.
     *
     * @param name the FIFO's name
     * @return the FIFO
     * @throws IllegalArgumentException if no FIFO of that name
     */
    public Fifo fifo(String name) {
        return lookup("FIFO", fifos, name);
    }

    /**
     * Looks up one of the job's terminals, for inspection and tests.
     *
     * @param name the terminal's name
     * @return the terminal
     * @throws IllegalArgumentException if no terminal of that name
     */
    public Terminal terminal(String name) {
        return lookup("terminal", terminals, name);
    }

    /**
     * Looks up one of the job's outputs, for inspection and tests.
     *
     * @param name the output's name
     * @return the output
     * @throws IllegalArgumentException if no output of that name
     */
    public Output output(String name) {
        return lookup("output", outputs, name);
    }

    /** {@return output names (file names in the directory), in creation order} */
    public List<String> outputNames() {
        return List.copyOf(outputs.keySet());
    }

    /** {@return FIFO names, in creation order} */
    public List<String> fifoNames() {
        return List.copyOf(fifos.keySet());
    }

    /** {@return scheduling rounds run, restored rounds included} */
    public long rounds() {
        return rounds;
    }

    /** {@return checkpoints this instance wrote} */
    public long checkpointsWritten() {
        return checkpointsWritten;
    }

    /** {@return the newest image written or restored from, or null} */
    public Path lastImage() {
        return lastImage;
    }

    /**
     * Tells whether the job had already finished when this container was restored.
     *
     * @return true if this container was restored from the final image of a finished job: {@link #run()} returns
     *     {@link RunOutcome#FINISHED} at once and nothing in the directory changes
     */
    public boolean isFinished() {
        return finished;
    }

    /** {@return the run this container continues} */
    public RunIdentity runIdentity() {
        return run;
    }

    /** {@return the image restored from, or null for a fresh start} */
    public Path restoredFrom() {
        return restoredFrom;
    }

    /** {@return why newer images were skipped at restore, newest first; empty if none} */
    public List<String> restoreMessages() {
        return Collections.unmodifiableList(restoreMessages);
    }

    /**
     * Flushes and closes the outputs, removes the shutdown hook and releases the directory's lock. Does not
     * checkpoint.
     */
    @Override
    public void close() throws IOException {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // Shutdown in progress: the hook is running or has run.
            }
            shutdownHook = null;
        }
        if (signalRelay != null) {
            signalRelay.close();
            signalRelay = null;
        }
        try {
            closeOutputs();
        } finally {
            if (lock != null) {
                lock.close();
                lock = null;
            }
        }
    }

    private void closeOutputs() throws IOException {
        IOException failure = null;
        for (ExactlyOnceOutput output : outputs.values()) {
            try {
                output.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void flushOutputs() throws IOException {
        for (ExactlyOnceOutput output : outputs.values()) {
            output.flush();
        }
    }

    private String describeTasks() {
        StringBuilder s = new StringBuilder();
        for (TaskSlot<?> slot : tasks.values()) {
            s.append(s.isEmpty() ? "" : ", ").append(slot.id).append(':').append(slot.program.name());
        }
        return "(" + tasks.size() + " tasks: " + s + ")";
    }

    private TaskSlot<?> slot(int taskId) {
        TaskSlot<?> slot = tasks.get(taskId);
        if (slot == null) {
            throw new IllegalArgumentException("no task " + taskId + " (live tasks " + tasks.keySet() + ")");
        }
        return slot;
    }

    private void checkOwnerThread() {
        Thread r = runner;
        if (r != null && r != Thread.currentThread()) {
            throw new IllegalStateException("container is running on " + r.getName()
                    + "; tasks, FIFOs and terminals are confined to it");
        }
    }

    private static void checkName(String kind, String name, Map<String, ?> existing) {
        String problem = NameRules.objectNameProblem(kind, name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (existing.containsKey(name)) {
            throw new IllegalArgumentException(kind + " " + name + " already exists");
        }
    }

    private static <T> T lookup(String kind, Map<String, T> map, String name) {
        T value = map.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no " + kind + " named " + name + " (have " + map.keySet() + ")");
        }
        return value;
    }

    /** The context handed to steps; one instance, pointed at the running task. */
    private final class TaskContextImpl extends Scheduler.StepContext {

        @Override
        public int id() {
            return current.id;
        }

        @Override
        public int parentId() {
            return current.parentId;
        }

        @Override
        public Fifo fifo(String name) {
            return Container.this.fifo(name);
        }

        @Override
        public Terminal terminal(String name) {
            return Container.this.terminal(name);
        }

        @Override
        public Output output(String name) {
            return Container.this.output(name);
        }

        @Override
        public <S> int spawn(TaskProgram<S> program, S state) {
            return Container.this.spawn(program, state, current.id);
        }

        @Override
        public boolean kill(int taskId, int signal) {
            return sendSignal(taskId, signal);
        }

        @Override
        public boolean isAlive(int taskId) {
            return tasks.containsKey(taskId);
        }

        @Override
        public int liveChildren() {
            int count = 0;
            int self = current.id;
            for (TaskSlot<?> slot : tasks.tailMap(self, false).values()) {
                if (slot.parentId == self) {
                    count++;
                }
            }
            return count;
        }

        @Override
        public long blockedMask() {
            return current.blockedMask;
        }

        @Override
        public void setBlockedMask(long mask) {
            current.blockedMask = mask & ~Signals.mask(Signals.SIGKILL);
        }

        @Override
        public void requestCheckpoint() {
            Container.this.requestCheckpoint();
        }
    }
}

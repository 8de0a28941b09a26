/**
 * Checkpoint and restart of batch jobs, after Oren Laadan's linux-cr and {@code clone_with_pids()}: the runtime.
 *
 * <p>A {@link org.kernkit.checkpoint.Container} runs the {@link org.kernkit.checkpoint.TaskProgram tasks} of a
 * {@link org.kernkit.checkpoint.Job} (step functions over declared state) one step at a time on one thread, and
 * checkpoints them between scheduling rounds, a consistent cut. Tasks talk through the devices of
 * {@link org.kernkit.checkpoint.device} (FIFOs, terminals, exactly-once outputs, signals); their state is encoded by
 * a {@link org.kernkit.checkpoint.image.StateCodec} into the images of {@link org.kernkit.checkpoint.image}. Restart
 * re-creates every task with its original id from the newest usable image. The job directory has one live owner
 * ({@link org.kernkit.checkpoint.JobDirectoryLock}) and answers requests from outside
 * ({@link org.kernkit.checkpoint.CheckpointRequest}). See {@code docs/checkpoint.md}.
 */
package org.kernkit.checkpoint;

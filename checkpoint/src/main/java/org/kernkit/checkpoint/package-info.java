/**
 * Checkpoint and restart of batch jobs, after Oren Laadan's linux-cr and {@code clone_with_pids()}.
 *
 * <p>A {@link org.kernkit.checkpoint.Container} runs {@link org.kernkit.checkpoint.TaskProgram tasks} (step
 * functions over declared state, encoded by a {@link org.kernkit.checkpoint.StateCodec} the task supplies) that talk
 * through {@link org.kernkit.checkpoint.Fifo FIFOs}, receive {@link org.kernkit.checkpoint.Signals signals}, use
 * {@link org.kernkit.checkpoint.Terminal terminals} and append to exactly-once
 * {@link org.kernkit.checkpoint.Output outputs}. Checkpoints are consistent cuts between scheduling rounds, written
 * atomically as CRC32C-sectioned images ({@link org.kernkit.checkpoint.ImageDescriptor}); restart re-creates every
 * task with its original id from the newest valid image. See {@code docs/checkpoint.md}.
 */
package org.kernkit.checkpoint;

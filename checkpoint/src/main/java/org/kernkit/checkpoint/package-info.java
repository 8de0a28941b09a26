/** Checkpoint and restart of batch jobs, after Oren Laadan's linux-cr and {@code clone_with_pids()}. */
package org.kernkit.checkpoint;

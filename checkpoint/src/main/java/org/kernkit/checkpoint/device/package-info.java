/**
 * The devices a task uses, each part of every checkpoint: {@link org.kernkit.checkpoint.device.Fifo FIFOs} between
 * tasks, pty-like {@link org.kernkit.checkpoint.device.Terminal terminals}, exactly-once
 * {@link org.kernkit.checkpoint.device.Output outputs}, and {@link org.kernkit.checkpoint.device.Signals signals}.
 *
 * <p>The container creates and restores the devices (the interfaces are sealed; their implementations are the
 * runtime's); a task reaches them through its {@link org.kernkit.checkpoint.TaskContext}. Like the tasks, they are
 * confined to the container's thread.
 */
package org.kernkit.checkpoint.device;

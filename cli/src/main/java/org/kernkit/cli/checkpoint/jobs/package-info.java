/**
 * The built-in jobs of {@code kernkit checkpoint run}: the pipeline (generated lines through two FIFOs into an
 * exactly-once output), the terminal job (a shell on a pty-like terminal, with signals) and the word count (record
 * states with derived codecs). They live in the command, not in the checkpoint library, which carries no demos;
 * the tour and the CLI's crash and restart tests run them.
 */
package org.kernkit.cli.checkpoint.jobs;

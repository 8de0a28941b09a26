/**
 * jcstress tests of the memory-ordering arguments of flexarray, vmbus and clock (issue 13). Each test's
 * {@code FORBIDDEN} outcomes are the ones the component's documented argument rules out. Tests named
 * {@code *Weakened*} run the same actors with one access mode deliberately weakened; they mark the outcome the
 * argument rules out as {@code ACCEPTABLE_INTERESTING}, and {@code JcstressQuickRunTest} requires that they show it,
 * which proves the strong test can fail. See docs/TESTING.md.
 */
package org.kernkit.jcstress;

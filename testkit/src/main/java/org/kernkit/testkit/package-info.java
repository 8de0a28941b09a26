/**
 * Test support shared by the kernkit modules, used in test scope only.
 *
 * <ul>
 *   <li>{@link org.kernkit.testkit.Trials}: property and model tests as seeded random trials, with the seed printed on
 *       failure, a system property that re-runs one seed, and shrinking of operation sequences
 *       ({@link org.kernkit.testkit.Shrinker}).
 *   <li>{@link org.kernkit.testkit.ChildJvm}: the one way kernkit's tests start a second JVM.
 * </ul>
 */
package org.kernkit.testkit;

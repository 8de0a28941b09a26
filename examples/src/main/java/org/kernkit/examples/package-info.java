/**
 * The short examples README.md quotes, one class per library. Each class has a {@code main} and a {@code run}
 * method that returns what it computed; the region between {@code // tag::example[]} and
 * {@code // end::example[]} is what README.md shows, word for word (ReadmeExamplesTest checks it, and ExamplesTest
 * runs every example and checks its result).
 *
 * <p>The clock and vmbus examples make FFM downcalls: run them with {@code --enable-native-access=ALL-UNNAMED}.
 */
package org.kernkit.examples;

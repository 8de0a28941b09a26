/**
 * Checkpoint/restart for batch jobs that survive a killed JVM. Exports the API packages; {@code internal} is not
 * exported.
 */
module org.kernkit.checkpoint {
    exports org.kernkit.checkpoint;
    exports org.kernkit.checkpoint.example;
}

/**
 * Checkpoint/restart for batch jobs that survive a killed JVM. Exports the API packages; {@code internal} is not
 * exported.
 */
module org.kernkit.checkpoint {
    // sun.misc.Signal relays SIGUSR1, SIGUSR2 and SIGHUP to the job (OsSignalRelay); nothing else of the module.
    requires jdk.unsupported;

    exports org.kernkit.checkpoint;
    exports org.kernkit.checkpoint.example;
}

/**
 * Checkpoint/restart for batch jobs that survive a killed JVM. Exports the runtime ({@code org.kernkit.checkpoint}),
 * the devices tasks use ({@code .device}) and the image format ({@code .image}); {@code internal} is not exported.
 */
module org.kernkit.checkpoint {
    // sun.misc.Signal relays SIGUSR1, SIGUSR2 and SIGHUP to the job (internal.OsSignalRelay); nothing else of the
    // module.
    requires jdk.unsupported;

    exports org.kernkit.checkpoint;
    exports org.kernkit.checkpoint.device;
    exports org.kernkit.checkpoint.image;
}

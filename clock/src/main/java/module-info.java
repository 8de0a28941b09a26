/**
 * Coarse clocks after Linux's {@code CLOCK_REALTIME_COARSE} and {@code CLOCK_MONOTONIC_COARSE}. Exports
 * {@link org.kernkit.clock}; its {@code internal} package is not exported.
 *
 * <p>Native access: {@code KernelClock} calls {@code clock_gettime} through the FFM API. Run with
 * {@code --enable-native-access=org.kernkit.clock} (on the module path) or {@code ALL-UNNAMED} (on the class path);
 * without it the JDK warns on first use.
 */
module org.kernkit.clock {
    exports org.kernkit.clock;
}

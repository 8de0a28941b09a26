package org.kernkit.cli;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Whether this process's standard error is a terminal, by {@code isatty(2)} through a foreign-function downcall:
 * {@link System#console()} looks at standard input and output, and progress lines go to standard error.
 */
public final class StderrTerminal {

    private static final int STDERR = 2;

    private StderrTerminal() {}

    /** @return true if file descriptor 2 is a terminal; false if it is not, or if the call is unavailable */
    public static boolean isTerminal() {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle isatty = linker.downcallHandle(linker.defaultLookup().find("isatty").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            return (int) isatty.invokeExact(STDERR) == 1;
        } catch (Throwable e) {
            // No native access (or no libc isatty): no progress lines, which only decorate the output.
            return false;
        }
    }
}

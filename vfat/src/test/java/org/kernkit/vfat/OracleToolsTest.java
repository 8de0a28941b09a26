package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The judges are looked up on PATH, and a missing one is never skipped silently under CI=true. */
class OracleToolsTest {

    @Test
    void aToolMissingFromPathIsReportedAndFailsUnderCi() {
        String tool = "kernkit-no-such-judge";
        if ("true".equals(System.getenv("CI"))) {
            assertThrows(AssertionFailedError.class, () -> OracleTools.isAvailable(tool));
        } else {
            assertFalse(OracleTools.isAvailable(tool));
        }
    }
}

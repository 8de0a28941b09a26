package org.kernkit.checkpoint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NameRulesTest {

    @Test
    void outputNamesArePlainFileNamesOfOneToAHundredCharacters() {
        for (String good : new String[] {"a", "_", "9.txt", "out-put_1.log", "a".repeat(100)}) {
            assertNull(NameRules.outputNameProblem(good), good);
        }
        for (String bad : new String[] {"", ".", "..", ".hidden", "-x", "a/b", "a\\b", "a b", "é", "a".repeat(101)}) {
            String problem = NameRules.outputNameProblem(bad);
            assertNotNull(problem, bad);
            assertTrue(problem.contains("'" + bad + "' is not 1 to 100"), problem);
        }
    }

    @Test
    void outputNamesThatLookLikeImagesOrTemporariesAreReserved() {
        for (String reserved : new String[] {"image-1", "image-", "out.tmp"}) {
            String problem = NameRules.outputNameProblem(reserved);
            assertNotNull(problem, reserved);
            assertTrue(problem.contains("reserved for checkpoint images"), problem);
        }
        assertNull(NameRules.outputNameProblem("image"));
        assertNull(NameRules.outputNameProblem("my-image-1"));
        assertNull(NameRules.outputNameProblem("out.tmp2"));
    }

    @Test
    void objectNamesAreOneTo255Utf8Bytes() {
        assertNull(NameRules.objectNameProblem("FIFO", "x"));
        assertNull(NameRules.objectNameProblem("FIFO", "x".repeat(255)));
        assertNull(NameRules.objectNameProblem("FIFO", "é".repeat(127) + "x")); // 255 bytes
        assertEquals("FIFO name '' must be 1 to 255 UTF-8 bytes, is 0", NameRules.objectNameProblem("FIFO", ""));
        assertEquals("terminal name '" + "é".repeat(128) + "' must be 1 to 255 UTF-8 bytes, is 256",
                NameRules.objectNameProblem("terminal", "é".repeat(128)));
        assertNotNull(NameRules.objectNameProblem("program", "x".repeat(256)));
    }
}

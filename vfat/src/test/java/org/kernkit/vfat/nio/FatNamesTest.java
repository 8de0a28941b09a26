package org.kernkit.vfat.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.InvalidPathException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The name rules of FAT paths, each on its own: which stored names may stand in a path, and the case fold. */
class FatNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "/", "a\\b", "\\", "a\0b", "\0"})
    void aStoredNameThatIsEmptyADotNameOrHoldsASeparatorOrNulIsNotOneName(String stored) {
        assertFalse(FatNames.isSinglePathName(stored));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "...", ".a", "a.", " ", "a b", "~1", "CON"})
    void anyOtherStoredNameIsOneName(String stored) {
        assertTrue(FatNames.isSinglePathName(stored));
    }

    @Test
    void theFoldUpperCasesEachUnitOnItsOwn() {
        assertEquals("ABC\u00DF.TXT", FatNames.fold("abc\u00DF.txt"));
        assertEquals("", FatNames.fold(""));
    }

    @Test
    void dotAndDotDotAreValidPathNames() {
        FatNames.requireValidName(".", "/a/.");
        FatNames.requireValidName("..", "/a/..");
    }

    @Test
    void anInvalidNameIsAnInvalidPathNamingTheWholePath() {
        InvalidPathException e = assertThrows(InvalidPathException.class,
                () -> FatNames.requireValidName("a?b", "/dir/a?b"));
        assertEquals("/dir/a?b", e.getInput());
    }
}

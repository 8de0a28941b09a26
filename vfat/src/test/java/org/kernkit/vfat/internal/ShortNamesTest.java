package org.kernkit.vfat.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.kernkit.vfat.InvalidNameException;

/**
 * The name rules one by one, at the edges of each character range and length: exact 8.3 names with their case
 * bits, fatgen103 basis names, {@code ~N} and hashed aliases, patent-safe dummies (including the enumeration a
 * repeating random source falls back to), and the display form of an entry.
 */
class ShortNamesTest {

    private static String field(byte[] shortName) {
        return new String(shortName, 0, 11, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String elevenChars) {
        return elevenChars.getBytes(StandardCharsets.ISO_8859_1);
    }

    // --- exact 8.3 names -----------------------------------------------------------------------------------------

    @Test
    void everyEdgeOfTheShortCharacterRangesIsExact() {
        for (String name : new String[] {"A", "Z", "0", "9", "AZ09", "!#$%&'()", "-@^_`{}~"}) {
            ShortNames.Exact exact = ShortNames.exact(name);
            assertNotNull(exact, name);
            assertEquals(String.format("%-11s", name), field(exact.shortName()), name);
            assertEquals(0, exact.caseBits(), name);
        }
        for (String name : new String[] {"a", "z"}) {
            ShortNames.Exact exact = ShortNames.exact(name);
            assertNotNull(exact, name);
            assertEquals(String.format("%-11s", name.toUpperCase()), field(exact.shortName()));
            assertEquals(DirectoryEntryDescriptor.NT_LOWER_BASE, exact.caseBits(), name);
        }
    }

    @Test
    void charactersJustOutsideTheShortRangesAreNotExact() {
        // '/' and ':' border the digits, '[' borders 'Z'; '+' is a long-name-only character.
        for (String name : new String[] {"A/B", "A:B", "A[B", "A+B", "A B", "\u00E5"}) {
            assertNull(ShortNames.exact(name), name);
        }
    }

    @Test
    void mixedCaseWithinBaseOrExtensionIsNotExactAtEitherEndOfTheAlphabet() {
        for (String name : new String[] {"Aa", "aA", "Za", "zA", "Az", "aZ", "X.Ab", "X.zA"}) {
            assertNull(ShortNames.exact(name), name);
        }
    }

    @Test
    void caseBitsRecordALowerBaseAndALowerExtensionSeparately() {
        assertEquals(DirectoryEntryDescriptor.NT_LOWER_BASE, ShortNames.exact("readme.TXT").caseBits());
        assertEquals(DirectoryEntryDescriptor.NT_LOWER_EXTENSION, ShortNames.exact("README.txt").caseBits());
        assertEquals(DirectoryEntryDescriptor.NT_LOWER_BASE | DirectoryEntryDescriptor.NT_LOWER_EXTENSION,
                ShortNames.exact("readme.txt").caseBits());
        assertEquals(0, ShortNames.exact("123.456").caseBits());
        assertEquals("README  TXT", field(ShortNames.exact("readme.txt").shortName()));
    }

    @Test
    void lengthsUpToEightAndThreeAreExactAndOneMoreIsNot() {
        assertEquals("ABCDEFGHXYZ", field(ShortNames.exact("ABCDEFGH.XYZ").shortName()));
        assertNull(ShortNames.exact("ABCDEFGHI"));
        assertNull(ShortNames.exact("A.WXYZ"));
        assertNull(ShortNames.exact("A."), "a dot with an empty extension");
        assertNull(ShortNames.exact(".A"), "an empty base");
        assertNull(ShortNames.exact(""));
        assertNull(ShortNames.exact("A.B.C"), "two dots");
    }

    // --- basis names (fatgen103) ---------------------------------------------------------------------------------

    @Test
    void aNameThatFitsHasALosslessBasis() {
        assertEquals(new ShortNames.Basis("A", "B", false), ShortNames.basis("a.b"));
        assertEquals(new ShortNames.Basis("ABCDEFGH", "ABC", false), ShortNames.basis("ABCDEFGH.ABC"));
        assertEquals(new ShortNames.Basis("X", "", false), ShortNames.basis("X"));
    }

    @Test
    void leadingDotsAreStrippedAndMakeTheBasisLossy() {
        assertEquals(new ShortNames.Basis("PROFILE", "", true), ShortNames.basis(".profile"));
        assertEquals(new ShortNames.Basis("A", "B", true), ShortNames.basis("..a.b"));
        assertEquals(new ShortNames.Basis("_", "", true), ShortNames.basis("..."));
    }

    @Test
    void spacesAndInnerDotsAreDroppedAndMakeTheBasisLossy() {
        assertEquals(new ShortNames.Basis("AB", "C", true), ShortNames.basis("a b.c"));
        assertEquals(new ShortNames.Basis("AB", "C", true), ShortNames.basis("a.b.c"));
        assertEquals(new ShortNames.Basis("A", "BC", true), ShortNames.basis("a.b c"));
    }

    @Test
    void nonShortCharactersBecomeUnderscoresAndMakeTheBasisLossy() {
        assertEquals(new ShortNames.Basis("A_B", "C_D", true), ShortNames.basis("a+b.c+d"));
        assertEquals(new ShortNames.Basis("A_B", "C", true), ShortNames.basis("a+b.c"));
        assertEquals(new ShortNames.Basis("A", "C_D", true), ShortNames.basis("a.c+d"));
    }

    @Test
    void aBaseOrExtensionOneTooLongIsTruncatedAndLossy() {
        assertEquals(new ShortNames.Basis("ABCDEFGH", "", true), ShortNames.basis("ABCDEFGHI"));
        assertEquals(new ShortNames.Basis("ABCDEFGH", "TXT", true), ShortNames.basis("ABCDEFGHIJKLMNOP.txt"));
        assertEquals(new ShortNames.Basis("A", "ABC", true), ShortNames.basis("A.ABCD"));
    }

    // --- classic aliases -----------------------------------------------------------------------------------------

    @Test
    void aLosslessFreeBasisIsItsOwnAliasAndATakenOneGetsTheFirstFreeTail() {
        Set<String> taken = new HashSet<>();
        assertEquals("FOO     TXT", field(ShortNames.windowsAlias("foo.txt", taken)));
        taken.add("FOO     TXT");
        assertEquals("FOO~1   TXT", field(ShortNames.windowsAlias("foo.txt", taken)));
        assertEquals("LONGFI~1TXT", field(ShortNames.windowsAlias("Long File.txt", new HashSet<>())));
    }

    @Test
    void theNinthTailIsUsedBeforeTheHashedForm() {
        Set<String> taken = new HashSet<>();
        for (int n = 1; n <= 8; n++) {
            taken.add("LONGNA~" + n + "TXT");
        }
        assertEquals("LONGNA~9TXT", field(ShortNames.windowsAlias("long name.txt", taken)));
    }

    /** The hashed form's four digits: the low 16 bits of the name's hashCode folded with its high 16. */
    private static String hashDigits(String longName, int step) {
        int h = longName.hashCode();
        return String.format("%04X", ((h ^ (h >>> 16)) + step) & 0xFFFF);
    }

    @Test
    void afterNineTailsTheAliasIsTwoCharactersFourHashDigitsAndATail() {
        String name = "long name.txt";
        Set<String> taken = new HashSet<>();
        for (int n = 1; n <= 9; n++) {
            taken.add("LONGNA~" + n + "TXT");
        }
        assertEquals("LO" + hashDigits(name, 0) + "~1TXT", field(ShortNames.windowsAlias(name, taken)));
        for (int n = 1; n <= 8; n++) {
            taken.add("LO" + hashDigits(name, 0) + "~" + n + "TXT");
        }
        assertEquals("LO" + hashDigits(name, 0) + "~9TXT", field(ShortNames.windowsAlias(name, taken)));
        taken.add("LO" + hashDigits(name, 0) + "~9TXT");
        assertEquals("LO" + hashDigits(name, 1) + "~1TXT", field(ShortNames.windowsAlias(name, taken)),
                "the hash steps up by one once all nine tails of a value are taken");
    }

    // --- patent-safe dummies -------------------------------------------------------------------------------------

    /** A random source that answers {@code constant} to every draw. */
    private static RandomGenerator constant(int constant) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return constant;
            }

            @Override
            public int nextInt(int bound) {
                return constant % bound;
            }
        };
    }

    @Test
    void dummyFillerValuesAreTheDocsThirtyFourInvalidBytes() {
        byte[] values = ShortNames.dummyFillerValues();
        byte[] expected = bytes("\u0001\u0002\u0003\u0004\u0006\u000B\u000C\u000E\u000F\u0010\u0011\u0012\u0013"
                + "\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\"*:<>?[]|");
        assertArrayEquals(expected, values);
        values[0] = 'A';
        assertEquals(1, ShortNames.dummyFillerValues()[0], "callers get a copy");
    }

    @Test
    void aDummyIsDrawnFromTheRandomSourceWithATildeAndForFilesASlash() {
        byte[] filler = ShortNames.dummyFillerValues();
        // Every draw answers 5: filler[5] everywhere, '~' at 5, and the slash (drawn from 7) moved past the tilde.
        byte[] file = ShortNames.patentSafeDummy("report.txt", false, Set.of(), constant(5));
        byte[] expected = new byte[11];
        Arrays.fill(expected, 0, 8, filler[5]);
        expected[5] = '~';
        expected[6] = '/';
        expected[8] = 'T';
        expected[9] = 'X';
        expected[10] = 'T';
        assertArrayEquals(expected, file);

        byte[] directory = ShortNames.patentSafeDummy("photos", true, Set.of(), constant(5));
        byte[] expectedDirectory = new byte[11];
        Arrays.fill(expectedDirectory, 0, 8, filler[5]);
        Arrays.fill(expectedDirectory, 8, 11, (byte) ' ');
        expectedDirectory[5] = '~';
        assertArrayEquals(expectedDirectory, directory);
        assertTrue(ShortNames.looksLikeDummy(file, 0));
        assertTrue(ShortNames.looksLikeDummy(directory, 0));
    }

    @Test
    void aTakenDummyIsRedrawn() {
        byte[] first = ShortNames.patentSafeDummy("a.txt", false, Set.of(), constant(2));
        int[] draws = {0};
        RandomGenerator twoThenThree = new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public int nextInt(int bound) {
                // 10 draws per file dummy: the first attempt repeats 'first', the second differs.
                return (draws[0]++ < 10 ? 2 : 3) % bound;
            }
        };
        byte[] second = ShortNames.patentSafeDummy("a.txt", false, Set.of(field(first)), twoThenThree);
        assertArrayEquals(ShortNames.patentSafeDummy("a.txt", false, Set.of(), constant(3)), second);
    }

    @Test
    void aRandomSourceThatRepeatsFallsBackToEnumeratingFreeDummies() {
        byte[] filler = ShortNames.dummyFillerValues();
        // constant(1) always draws "\2~/\2\2\2\2\2": once that is taken, only the enumeration can answer.
        byte[] stuck = ShortNames.patentSafeDummy("a.txt", false, Set.of(), constant(1));
        Set<String> taken = new HashSet<>(Set.of(field(stuck)));

        byte[] first = ShortNames.patentSafeDummy("a.txt", false, taken, constant(1));
        byte[] expected = bytes("~/" + "\u0001".repeat(6) + "TXT");
        assertArrayEquals(expected, first, "counter 0: tilde, slash, six times the first filler value");

        // Take counters 0..34: the next free one is 35 = 1 * 34 + 1, so bytes 2 and 3 both hold filler[1].
        for (int counter = 0; counter < 35; counter++) {
            byte[] b = expected.clone();
            b[2] = filler[counter % filler.length];
            b[3] = filler[counter / filler.length];
            taken.add(field(b));
        }
        taken.add(field(stuck));
        byte[] next = ShortNames.patentSafeDummy("a.txt", false, taken, constant(1));
        byte[] expectedNext = expected.clone();
        expectedNext[2] = filler[1];
        expectedNext[3] = filler[1];
        assertArrayEquals(expectedNext, next);

        byte[] directory = ShortNames.patentSafeDummy("d", true,
                Set.of(field(ShortNames.patentSafeDummy("d", true, Set.of(), constant(1)))), constant(1));
        assertArrayEquals(bytes("~" + "\u0001".repeat(7) + "   "), directory, "a directory's byte 1 is filler");
    }

    @Test
    void theFallbackStartsOnlyAfterSixtyFourAttempts() {
        // 64 attempts of 10 draws repeat a taken dummy; the 65th attempt would draw something new. The fallback
        // must win, so exactly 64 random attempts were made.
        byte[] stuck = ShortNames.patentSafeDummy("a.txt", false, Set.of(), constant(1));
        int[] draws = {0};
        RandomGenerator newAfter64 = new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public int nextInt(int bound) {
                return (draws[0]++ < 640 ? 1 : 4) % bound;
            }
        };
        byte[] b = ShortNames.patentSafeDummy("a.txt", false, Set.of(field(stuck)), newAfter64);
        assertArrayEquals(bytes("~/" + "\u0001".repeat(6) + "TXT"), b);
        assertEquals(640, draws[0]);
    }

    @Test
    void looksLikeDummyWantsOneTildeAtMostOneSlashAndOnlyFiller() {
        byte[] entry = new byte[64];
        Arrays.fill(entry, (byte) 'A');
        byte[] dummy = bytes("\u0001~\u0002/\u0003\u0004\u0006\u000BTXT");
        System.arraycopy(dummy, 0, entry, 32, 11);
        assertTrue(ShortNames.looksLikeDummy(entry, 32), "at an offset into a directory");
        assertFalse(ShortNames.looksLikeDummy(entry, 0));

        assertTrue(ShortNames.looksLikeDummy(bytes("\u0001~\u0002\u0002\u0003\u0004\u0006\u000BTXT"), 0), "no slash");
        assertFalse(ShortNames.looksLikeDummy(bytes("\u0001\u0001\u0002/\u0003\u0004\u0006\u000BTXT"), 0), "no tilde");
        assertFalse(ShortNames.looksLikeDummy(bytes("~~\u0002/\u0003\u0004\u0006\u000BTXT"), 0), "two tildes");
        assertFalse(ShortNames.looksLikeDummy(bytes("~//\u0002\u0003\u0004\u0006\u000BTXT"), 0), "two slashes");
        assertFalse(ShortNames.looksLikeDummy(bytes("~/\u0002\u0002\u0003\u0004\u0006ATXT"), 0), "a letter");
        assertFalse(ShortNames.looksLikeDummy(bytes("~/\u0005\u0002\u0003\u0004\u0006\u000BTXT"), 0), "0x05");
    }

    // --- display and validation ----------------------------------------------------------------------------------

    @Test
    void displayJoinsBaseAndExtensionAndAppliesTheCaseBits() {
        byte[] name = bytes("FOO     TXT");
        assertEquals("FOO.TXT", ShortNames.display(name, 0, 0));
        assertEquals("foo.TXT", ShortNames.display(name, 0, DirectoryEntryDescriptor.NT_LOWER_BASE));
        assertEquals("FOO.txt", ShortNames.display(name, 0, DirectoryEntryDescriptor.NT_LOWER_EXTENSION));
        assertEquals("ABCDEFGH.XYZ", ShortNames.display(bytes("ABCDEFGHXYZ"), 0, 0));
        assertEquals("FOO", ShortNames.display(bytes("FOO        "), 0, 0), "no extension, no dot");
        assertEquals("", ShortNames.display(bytes("           "), 0, 0));
        byte[] atOffset = bytes("XXXXXFOO     TXT");
        assertEquals("FOO.TXT", ShortNames.display(atOffset, 5, 0));
    }

    @Test
    void displayMapsTheKanjiMarkerOnlyInTheFirstByteAndReadsCodePage437() {
        assertEquals("\u03C3AB", ShortNames.display(bytes("\u0005AB        "), 0, 0), "0x05 stands for 0xE5");
        assertEquals("A\u0005B", ShortNames.display(bytes("A\u0005B        "), 0, 0));
        assertEquals("\u00C7\u007F", ShortNames.display(bytes("\u0080\u007F         "), 0, 0), "0x80 is C-cedilla");
        assertEquals("A.\u00C7", ShortNames.display(bytes("A       \u0080  "), 0, 0));
    }

    @Test
    void validationNamesTheControlCharacterAndShowsItAsAQuestionMark() throws InvalidNameException {
        InvalidNameException e = assertThrows(InvalidNameException.class,
                () -> ShortNames.validateLongName("a b\u0001"));
        assertEquals("name 'a b?' contains character U+0001 at index 3, which FAT does not allow", e.getMessage());
        ShortNames.validateLongName("a b"); // a space inside a long name is fine
    }

    @Test
    void everyCharacterFatForbidsIsRefusedFromTheFirstOfTheList() {
        for (char c : "\"*/:<>?\\|".toCharArray()) {
            InvalidNameException e = assertThrows(InvalidNameException.class,
                    () -> ShortNames.validateLongName("a" + c + "b"), String.valueOf(c));
            assertTrue(e.getMessage().contains(String.format("U+%04X at index 1", (int) c)), e.getMessage());
        }
    }

    @Test
    void aLongNameMayHaveTwoHundredFiftyFiveUnitsAndNotOneMore() throws InvalidNameException {
        ShortNames.validateLongName("n".repeat(255));
        InvalidNameException e = assertThrows(InvalidNameException.class,
                () -> ShortNames.validateLongName("n".repeat(256)));
        assertTrue(e.getMessage().startsWith("name of 256 UTF-16 units is longer than FAT's 255"), e.getMessage());
    }
}

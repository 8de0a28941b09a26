package org.kernkit.flexarray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.kernkit.flexarray.internal.PartLocator;
import org.kernkit.testkit.Trials;

/** The reciprocal multiplication gives exactly the quotient of a division. */
class PartLocatorTest {

    /** What the properties check: the part and slot of an index, for one elements-per-part. */
    interface Locator {
        long partOf(long index);

        long slotOf(long index, long part);
    }

    private static Locator real(long elementsPerPart) {
        PartLocator locator = new PartLocator(elementsPerPart);
        return new Locator() {
            @Override
            public long partOf(long index) {
                return locator.partOf(index);
            }

            @Override
            public long slotOf(long index, long part) {
                return locator.slotOf(index, part);
            }
        };
    }

    /** The reciprocal estimate without PartLocator's correction step: one too small at and after some multiples. */
    private static Locator uncorrected(long elementsPerPart) {
        long magic = Long.divideUnsigned(-1L, elementsPerPart);
        return new Locator() {
            @Override
            public long partOf(long index) {
                return Math.unsignedMultiplyHigh(index, magic);
            }

            @Override
            public long slotOf(long index, long part) {
                return index - part * elementsPerPart;
            }
        };
    }

    interface LocatorFactory {
        Locator of(long elementsPerPart);
    }

    private static void partAndSlotEqualDivisionAndRemainder(LocatorFactory factory) {
        Trials.forEach("partAndSlotEqualDivisionAndRemainder", 5000, random -> {
            long elementsPerPart = Draw.between(random, 1L, 1L << 30);
            long index = Draw.between(random, 0L, 1L << 62);
            Locator locator = factory.of(elementsPerPart);
            long part = locator.partOf(index);
            assertEquals(index / elementsPerPart, part, () -> "part of " + index + " / " + elementsPerPart);
            assertEquals(index % elementsPerPart, locator.slotOf(index, part));
        });
    }

    private static void quotientIsExactJustBelowAndAtMultiples(LocatorFactory factory) {
        Trials.forEach("quotientIsExactJustBelowAndAtMultiples", 2000, random -> {
            long elementsPerPart = Draw.between(random, 1L, 1L << 30);
            long multiple = Draw.between(random, 1L, 1L << 32);
            Locator locator = factory.of(elementsPerPart);
            long at = multiple * elementsPerPart;
            if (at <= (1L << 62)) {
                assertEquals(multiple, locator.partOf(at), () -> "part of " + at);
                assertEquals(multiple - 1, locator.partOf(at - 1), () -> "part of " + (at - 1));
            }
        });
    }

    @Test
    void partAndSlotEqualDivisionAndRemainder() {
        partAndSlotEqualDivisionAndRemainder(PartLocatorTest::real);
    }

    @Test
    void quotientIsExactJustBelowAndAtMultiples() {
        quotientIsExactJustBelowAndAtMultiples(PartLocatorTest::real);
    }

    @Test
    void divisionPropertyCatchesAMissingCorrectionStep() {
        assertThrows(AssertionError.class, () -> partAndSlotEqualDivisionAndRemainder(PartLocatorTest::uncorrected));
    }

    @Test
    void multiplesPropertyCatchesAMissingCorrectionStep() {
        assertThrows(AssertionError.class, () -> quotientIsExactJustBelowAndAtMultiples(PartLocatorTest::uncorrected));
    }
}

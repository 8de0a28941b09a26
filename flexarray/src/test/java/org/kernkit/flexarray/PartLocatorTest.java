package org.kernkit.flexarray;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.kernkit.flexarray.internal.PartLocator;

/** The reciprocal multiplication gives exactly the quotient of a division. */
class PartLocatorTest {

    @Property(tries = 5000)
    void partAndSlotEqualDivisionAndRemainder(@ForAll @LongRange(min = 1, max = 1L << 30) long elementsPerPart,
                                              @ForAll @LongRange(min = 0, max = 1L << 62) long index) {
        PartLocator locator = new PartLocator(elementsPerPart);
        long part = locator.partOf(index);
        assertEquals(index / elementsPerPart, part);
        assertEquals(index % elementsPerPart, locator.slotOf(index, part));
    }

    @Property(tries = 2000)
    void quotientIsExactJustBelowAndAtMultiples(@ForAll @LongRange(min = 1, max = 1L << 30) long elementsPerPart,
                                               @ForAll @LongRange(min = 1, max = 1L << 32) long multiple) {
        PartLocator locator = new PartLocator(elementsPerPart);
        long at = multiple * elementsPerPart;
        if (at <= (1L << 62)) {
            assertEquals(multiple, locator.partOf(at));
            assertEquals(multiple - 1, locator.partOf(at - 1));
        }
    }
}

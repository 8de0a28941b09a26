package org.kernkit.clock.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.kernkit.clock.ClockId;
import org.kernkit.clock.KernelClock;

class EpochInstantSourceTest {

    @Test
    void adaptersOfOneSourceAreEqualAndHashAsTheSource() {
        KernelClock source = KernelClock.realtimeCoarse();
        InstantSource first = source.asInstantSource();
        InstantSource second = new EpochInstantSource(source);
        assertEquals(first, second);
        assertEquals(source.hashCode(), first.hashCode());
        assertEquals(first.hashCode(), second.hashCode());
    }

    @Test
    void adaptersOfDifferentSourcesAreNotEqual() {
        InstantSource coarse = KernelClock.realtimeCoarse().asInstantSource();
        assertNotEquals(coarse, KernelClock.of(ClockId.REALTIME).asInstantSource());
        assertNotEquals(coarse, InstantSource.system());
        assertNotEquals(coarse, null);
    }

    @Test
    void toStringNamesTheSource() {
        String text = KernelClock.realtimeCoarse().asInstantSource().toString();
        assertTrue(text.contains(KernelClock.realtimeCoarse().name()), text);
    }
}

package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The ring lengths {@link ChannelDescriptor#checkRingLength} accepts, at its limits. */
class ChannelDescriptorTest {

    @Test
    void aRingWithADataAreaOfExactly2To30BytesIsAccepted() {
        assertDoesNotThrow(() -> ChannelDescriptor.checkRingLength((1 << 30) + 4096));
    }

    @Test
    void aRingWithADataAreaOneDataPagePast2To30BytesIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> ChannelDescriptor.checkRingLength((1 << 30) + 8192));
        assertEquals("ring length 1073750016 bytes: a channel ring is a multiple of 4096 bytes (the header page plus "
                + "at least one data page, data at most 2^30 bytes), as Linux requires of a ring it maps twice",
                e.getMessage());
    }

    @Test
    void theSmallestRingIsTwoPages() {
        assertDoesNotThrow(() -> ChannelDescriptor.checkRingLength(8192));
        assertThrows(IllegalArgumentException.class, () -> ChannelDescriptor.checkRingLength(4096));
    }
}

package org.kernkit.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WithoutBarriersTest {

    /** Records every call it receives, so the test sees what the view forwards and what it drops. */
    private static final class RecordingDevice implements BlockDevice {
        final List<String> calls = new ArrayList<>();
        ByteBuffer lastBuffer;

        @Override
        public long sectorCount() {
            calls.add("sectorCount");
            return 77;
        }

        @Override
        public void read(long firstSector, ByteBuffer dst) {
            calls.add("read " + firstSector);
            lastBuffer = dst;
        }

        @Override
        public void write(long firstSector, ByteBuffer src) {
            calls.add("write " + firstSector);
            lastBuffer = src;
        }

        @Override
        public void flush() {
            calls.add("flush");
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    @Test
    void theViewForwardsEverythingButFlushToTheDevice() throws IOException {
        RecordingDevice device = new RecordingDevice();
        BlockDevice view = BlockDevice.withoutBarriers(device);

        assertEquals(77, view.sectorCount());
        ByteBuffer dst = ByteBuffer.allocate(BlockDevice.SECTOR_SIZE);
        view.read(5, dst);
        assertSame(dst, device.lastBuffer);
        ByteBuffer src = ByteBuffer.allocate(BlockDevice.SECTOR_SIZE);
        view.write(6, src);
        assertSame(src, device.lastBuffer);
        view.flush();
        view.close();

        assertEquals(List.of("sectorCount", "read 5", "write 6", "close"), device.calls);
    }
}

package org.kernkit.cli.vmbus;

import java.util.ArrayList;
import java.util.List;
import org.kernkit.cli.JsonObject;
import org.kernkit.cli.SizeOptions;
import org.kernkit.vmbus.ChannelDescriptor;
import org.kernkit.vmbus.ChannelSnapshot;
import org.kernkit.vmbus.PacketDescriptor;
import org.kernkit.vmbus.RingBufferDescriptor;

/** Renders a {@link ChannelSnapshot} as text for people or as JSON for tools ({@code kernkit vmbus dump}). */
final class ChannelDumpFormat {

    private ChannelDumpFormat() {
    }

    static String text(ChannelSnapshot s, int packets, SizeOptions sizes) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("channel %s: %s, layout version %d, rings of %s%n", s.file(), sizes.withUnit(s.fileSize()),
                s.version(), sizes.withUnit(s.ringLength())));
        b.append(side("host ", s.host())).append(side("guest", s.guest()));
        for (ChannelSnapshot.SignalState signal : s.signals()) {
            b.append(String.format("signal %-11s sequence %d, waiters %d%n", signal.name(), signal.sequence(),
                    signal.waiters()));
        }
        ring(b, "guest->host", s.guestToHost(), packets, sizes);
        ring(b, "host->guest", s.hostToGuest(), packets, sizes);
        return b.toString();
    }

    private static String side(String name, ChannelSnapshot.Side side) {
        return String.format("%s word 0x%016x: session %d, %s, pid %d%n", name, side.word(), side.epoch(),
                ChannelDescriptor.stateName(side.state()), side.pid());
    }

    private static void ring(StringBuilder b, String name, ChannelSnapshot.RingState r, int packets,
            SizeOptions sizes) {
        b.append(String.format("ring %s: write_index %d, read_index %d, interrupt_mask %d, pending_send_sz %d, "
                        + "feature_bits 0x%x%s%n", name, Integer.toUnsignedLong(r.writeIndex()),
                Integer.toUnsignedLong(r.readIndex()), r.interruptMask(), Integer.toUnsignedLong(r.pendingSendSize()),
                r.featureBits(), (r.featureBits() & RingBufferDescriptor.FEATURE_PENDING_SEND_SIZE) != 0
                        ? " (feat_pending_send_sz)" : ""));
        if (r.bytesToRead() >= 0) {
            b.append(String.format("  data area %s: %s to read, %s free for the writer, %d packets%s%n",
                    sizes.withUnit(r.dataLength()), sizes.format(r.bytesToRead()), sizes.format(r.bytesToWrite()),
                    r.packets().size(),
                    r.packets().size() == ChannelSnapshot.MAX_PACKETS ? " or more" : ""));
        }
        List<ChannelSnapshot.Descriptor> shown = r.packets().subList(0, Math.min(packets, r.packets().size()));
        for (ChannelSnapshot.Descriptor d : shown) {
            b.append(String.format("  at %7d: type %s, offset8 %d, len8 %d (%d payload bytes), flags 0x%x, trans_id %d%n",
                    d.at(), typeName(d.type()), d.offset8(), d.len8(), (d.len8() - d.offset8()) * 8, d.flags(),
                    d.transId()));
        }
        if (r.problem() != null) {
            b.append("  CORRUPT: ").append(r.problem()).append(System.lineSeparator());
        }
    }

    private static String typeName(int type) {
        return switch (type) {
            case PacketDescriptor.TYPE_DATA_INBAND -> "DATA_INBAND";
            case PacketDescriptor.TYPE_COMPLETION -> "COMP";
            default -> Integer.toString(type);
        };
    }

    static String json(ChannelSnapshot s, int packets) {
        List<JsonObject> signals = new ArrayList<>();
        for (ChannelSnapshot.SignalState signal : s.signals()) {
            signals.add(new JsonObject().put("name", signal.name())
                    .put("sequence", Integer.toUnsignedLong(signal.sequence()))
                    .put("waiters", Integer.toUnsignedLong(signal.waiters())));
        }
        return new JsonObject().put("file", s.file().toString()).put("file_size", s.fileSize())
                .put("version", s.version()).put("ring_length", s.ringLength())
                .put("host", side(s.host())).put("guest", side(s.guest())).put("signals", signals)
                .put("guest_to_host", ring(s.guestToHost(), packets))
                .put("host_to_guest", ring(s.hostToGuest(), packets)).toString();
    }

    private static JsonObject side(ChannelSnapshot.Side side) {
        return new JsonObject().put("session", side.epoch())
                .put("state", ChannelDescriptor.stateName(side.state())).put("pid", side.pid());
    }

    private static JsonObject ring(ChannelSnapshot.RingState r, int packets) {
        List<JsonObject> list = new ArrayList<>();
        for (ChannelSnapshot.Descriptor d : r.packets().subList(0, Math.min(packets, r.packets().size()))) {
            list.add(new JsonObject().put("at", d.at()).put("type", d.type()).put("offset8", d.offset8())
                    .put("len8", d.len8()).put("flags", d.flags()).put("trans_id", d.transId()));
        }
        return new JsonObject().put("write_index", Integer.toUnsignedLong(r.writeIndex()))
                .put("read_index", Integer.toUnsignedLong(r.readIndex()))
                .put("interrupt_mask", Integer.toUnsignedLong(r.interruptMask()))
                .put("pending_send_sz", Integer.toUnsignedLong(r.pendingSendSize()))
                .put("feature_bits", Integer.toUnsignedLong(r.featureBits())).put("data_length", r.dataLength())
                .put("bytes_to_read", r.bytesToRead()).put("bytes_to_write", r.bytesToWrite())
                .put("packets", list).put("problem", r.problem());
    }
}

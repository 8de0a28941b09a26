package org.kernkit.cli.checkpoint;

import java.util.ArrayList;
import java.util.List;
import org.kernkit.checkpoint.device.Signals;
import org.kernkit.checkpoint.image.Image;
import org.kernkit.checkpoint.image.ImageDescriptor;
import org.kernkit.cli.JsonObject;

/**
 * {@code kernkit checkpoint inspect IMAGE --json}: an image as one JSON object, the same content
 * {@link org.kernkit.checkpoint.image.ImageDump} prints as text. Sizes in bytes, times in epoch milliseconds; the
 * fingerprint and the CRCs as hex strings (a 64-bit value does not survive a JSON number); signals by name. The
 * buffers' and states' bytes are not included, only their lengths.
 */
final class ImageJson {

    private ImageJson() {}

    static JsonObject of(Image image) {
        Image.Section last = image.sections().getLast();
        JsonObject o = new JsonObject()
                .put("file", image.path().toString())
                .put("bytes", last.offset() + ImageDescriptor.sectionLength(last.length()))
                .put("format", ImageDescriptor.FORMAT_VERSION)
                .put("sequence", image.sequence())
                .put("written_epoch_ms", image.epochMillis())
                .put("job", image.job())
                .put("producer", image.producer())
                .put("rounds", image.rounds())
                .put("run", image.runId().toString())
                .put("fingerprint", String.format("%016x", image.fingerprint()))
                .put("next_task_id", image.nextTaskId())
                .put("external_signal_target", image.externalSignalTarget());
        List<JsonObject> fifos = new ArrayList<>();
        for (Image.FifoImage f : image.fifos()) {
            fifos.add(new JsonObject().put("name", f.name()).put("capacity", f.capacity())
                    .put("writer_closed", f.writerClosed()).put("buffered_bytes", f.buffered().length));
        }
        List<JsonObject> terminals = new ArrayList<>();
        for (Image.TerminalImage t : image.terminals()) {
            terminals.add(new JsonObject().put("name", t.name()).put("foreground_task", t.foregroundTask())
                    .put("output_capacity", t.outputCapacity()).put("edit_line_bytes", t.editLine().length)
                    .put("input_bytes", t.input().length).put("output_bytes", t.output().length));
        }
        List<JsonObject> outputs = new ArrayList<>();
        for (Image.OutputImage out : image.outputs()) {
            outputs.add(new JsonObject().put("name", out.name()).put("committed_bytes", out.length()));
        }
        List<JsonObject> tasks = new ArrayList<>();
        for (Image.TaskImage t : image.tasks()) {
            tasks.add(new JsonObject().put("id", t.id()).put("parent", t.parentId()).put("program", t.program())
                    .put("state_version", t.stateVersion()).put("state_bytes", t.state().length)
                    .put("blocked", Signals.names(t.blockedMask())).put("pending", Signals.names(t.pending())));
        }
        List<JsonObject> sections = new ArrayList<>();
        for (Image.Section s : image.sections()) {
            sections.add(new JsonObject().put("index", s.index()).put("type", ImageDescriptor.sectionName(s.type()))
                    .put("offset", s.offset()).put("length", s.length())
                    .put("crc32c", String.format("%08x", s.crc())));
        }
        return o.put("fifos", fifos).put("terminals", terminals).put("outputs", outputs).put("tasks", tasks)
                .put("sections", sections);
    }
}

package org.kernkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.kernkit.testkit.JsonReader;
import org.junit.jupiter.api.Test;

class JsonObjectTest {

    @Test
    void membersKeepTheirOrderAndTypes() throws Exception {
        JsonObject o = new JsonObject().put("name", "x").put("bytes", 4096L).put("live", true).put("pid", null)
                .put("ratio", 0.5).put("list", List.of(1, "two", new JsonObject().put("k", 3)));
        assertEquals("{\"name\":\"x\",\"bytes\":4096,\"live\":true,\"pid\":null,\"ratio\":0.5,"
                + "\"list\":[1,\"two\",{\"k\":3}]}", o.toString());
        Map<?, ?> read = (Map<?, ?>) JsonReader.parse(o.toString());
        assertEquals(List.of("name", "bytes", "live", "pid", "ratio", "list"), List.copyOf(read.keySet()));
    }

    @Test
    void everyCharacterOfAStringRoundTripsThroughAStrictReader() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            all.append(c);
        }
        all.append("é中\uD83D\uDE00");
        String text = new JsonObject().put("s", all).toString();
        assertEquals(all.toString(), ((Map<?, ?>) JsonReader.parse(text)).get("s"));
    }

    @Test
    void aNameTwiceAndValuesWithoutAJsonFormAreRefused() {
        JsonObject o = new JsonObject().put("a", 1);
        assertThrows(IllegalArgumentException.class, () -> o.put("a", 2));
        assertThrows(IllegalArgumentException.class, () -> o.put("b", Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> o.put("c", new Object()));
        assertThrows(IllegalArgumentException.class, () -> o.put("d", Arrays.asList(1, new Object())));
    }
}

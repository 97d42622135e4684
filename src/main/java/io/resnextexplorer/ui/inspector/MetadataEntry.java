package io.resnextexplorer.ui.inspector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One metadata_props entry: the stored value, a one-line preview for the table and the full text
 * for the detail area (JSON objects and arrays pretty-printed).
 *
 * @param key metadata key as stored
 * @param value value as stored
 */
public record MetadataEntry(String key, String value) {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int PREVIEW_CHARS = 120;

    /** The value on one line, cut at {@value #PREVIEW_CHARS} characters. */
    public String preview() {
        String oneLine = value.strip().replaceAll("\\s+", " ");
        if (oneLine.length() <= PREVIEW_CHARS) {
            return oneLine;
        }
        return oneLine.substring(0, PREVIEW_CHARS) + "\u2026";
    }

    /** The whole value; JSON objects and arrays indented, anything else as stored. */
    public String fullText() {
        String s = value.strip();
        if (s.startsWith("{") || s.startsWith("[")) {
            try {
                JsonNode n = JSON.readTree(s);
                // One array element per line: 1,000 labels stay readable in the text area.
                DefaultPrettyPrinter pp = new DefaultPrettyPrinter();
                pp.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
                return JSON.writer(pp).writeValueAsString(n);
            } catch (JsonProcessingException e) {
                return value; // not JSON after all: show it as it is
            }
        }
        return value;
    }
}

package io.resnextexplorer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resnextexplorer.inference.ProviderStatus;
import io.resnextexplorer.model.ModelInfo;

/** JSON output shared by the subcommands. */
final class Json {
    /**
     * Records turned into JSON (the card, ...) get snake_case keys like every key we write by hand,
     * so the output has one convention.
     */
    static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private Json() {}

    static String write(Object tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The "model" object: id, file, weights, provider, note. */
    static ObjectNode model(ModelInfo info, ProviderStatus provider) {
        ObjectNode m = MAPPER.createObjectNode();
        m.put("id", info.id());
        m.put("file", info.file().toString());
        m.put("timm", info.timmFullName());
        ObjectNode w = m.putObject("weights");
        w.put(
                "kind",
                info.weights().kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        w.put("summary", info.weights().summary());
        w.put("detail", info.weights().detail());
        w.put("untrained", info.weights().untrained());
        m.put("provider", provider.used().name());
        m.put("provider_requested", provider.requested().name());
        String note = Text.notes(info, provider);
        if (note.isEmpty()) {
            m.putNull("note");
        } else {
            m.put("note", note);
        }
        return m;
    }
}

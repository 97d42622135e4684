package io.resnextexplorer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.ProviderStatus;
import io.resnextexplorer.session.ResultsWriter;

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

    /** The "model" object: id, file, weights, provider, note (the results writer's own). */
    static ObjectNode model(ModelInfo info, ProviderStatus provider) {
        return ResultsWriter.model(info, provider);
    }
}

package io.resnextexplorer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.ProviderStatus;
import io.resnextexplorer.session.ResultsWriter;

/** JSON output shared by the subcommands. */
final class Json {
    static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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

package io.resnextexplorer.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one run of a model produced: its outputs by graph name, and the roles that say which is
 * which. Post-processors (top-k, CAM, ...) read outputs through their role, never by guessing.
 *
 * @param byName the fetched outputs, in the order they were asked for
 * @param roles which output plays which role in this model
 */
public record ModelOutputs(Map<String, Tensor> byName, OutputRoles roles) {
    public ModelOutputs {
        byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /** The output playing {@code role}, or null when the model has none or it was not fetched. */
    public Tensor role(String role) {
        String name = roles.name(role);
        return name == null ? null : byName.get(name);
    }

    /** The logits, [N, classes]. */
    public Tensor logits() {
        Tensor t = role(OutputRoles.LOGITS);
        if (t == null) {
            throw new IllegalStateException("the logits output was not fetched");
        }
        return t;
    }
}

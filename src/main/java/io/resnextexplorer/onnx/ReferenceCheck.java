package io.resnextexplorer.onnx;

import io.resnextexplorer.model.graph.InspectionReport;
import io.resnextexplorer.model.graph.StageSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares an {@link InspectionReport} with the exporter's independent counts, the {@code
 * resnext_explorer.reference} metadata value (see docs/metadata-schema.md), once that JSON has been
 * parsed into plain maps (e.g. Jackson's {@code readValue(json, Map.class)}).
 *
 * <p>What must agree: {@code onnx_initializer_params} with {@link
 * InspectionReport#initializerParams()}, {@code torch_flop_counter_flops} with {@link
 * InspectionReport#totalFlops()}, and each stage's {@code macs}. Stage {@code params} are counted
 * on the torch model (batch norm not folded) and are therefore not compared.
 */
public final class ReferenceCheck {

    /** Metadata key holding the reference JSON. */
    public static final String REFERENCE_KEY = "resnext_explorer.reference";

    private ReferenceCheck() {}

    /**
     * Lists the differences between the report and the reference.
     *
     * @param report what the graph inspector counted
     * @param reference the parsed reference object (numbers may be any {@link Number})
     * @return one line per difference; empty when everything present agrees
     */
    public static List<String> differences(InspectionReport report, Map<String, ?> reference) {
        List<String> out = new ArrayList<>();
        compare(
                out,
                "initializer params",
                report.initializerParams(),
                reference.get("onnx_initializer_params"));
        compare(out, "FLOPs", report.totalFlops(), reference.get("torch_flop_counter_flops"));
        if (reference.get("stages") instanceof Map<?, ?> stages) {
            for (Map.Entry<?, ?> e : stages.entrySet()) {
                String name = String.valueOf(e.getKey());
                if (!(e.getValue() instanceof Map<?, ?> fig)) {
                    continue;
                }
                StageSummary s = report.stage(name);
                Object macs = fig.get("macs");
                if (s == null) {
                    if (macs instanceof Number n && n.longValue() != 0) {
                        out.add("stage " + name + ": not found in the graph");
                    }
                    continue;
                }
                compare(out, "stage " + name + " MACs", s.macs(), macs);
            }
        }
        return out;
    }

    private static void compare(List<String> out, String what, long ours, Object theirs) {
        if (theirs instanceof Number n && n.longValue() != ours) {
            out.add(
                    String.format(
                            java.util.Locale.ROOT,
                            "%s: graph %,d, reference %,d",
                            what,
                            ours,
                            n.longValue()));
        }
    }
}

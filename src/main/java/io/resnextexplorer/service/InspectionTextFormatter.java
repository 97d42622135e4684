package io.resnextexplorer.service;

import io.resnextexplorer.model.graph.Dim;
import io.resnextexplorer.model.graph.InspectionReport;
import io.resnextexplorer.model.graph.LayerRow;
import io.resnextexplorer.model.graph.ModelProperties;
import io.resnextexplorer.model.graph.StageSummary;
import io.resnextexplorer.model.graph.TensorInfo;
import io.resnextexplorer.model.graph.TensorShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plain-text rendering of an {@link InspectionReport} for the CLI ({@code info --layers}): a
 * summary, the stage table and optionally the layer table, with aligned columns and human units
 * (4.23 G).
 */
public final class InspectionTextFormatter {

    private InspectionTextFormatter() {}

    /**
     * Formats a report.
     *
     * @param r the report
     * @param withLayers whether to append the per-node layer table
     * @return text with '\n' line ends, ending in a newline
     */
    public static String format(InspectionReport r, boolean withLayers) {
        StringBuilder b = new StringBuilder();
        ModelProperties p = r.properties();
        line(b, "Producer", (p.producerName() + " " + p.producerVersion()).trim());
        line(b, "Format", "ONNX IR " + p.irVersion() + ", opsets " + opsets(p.opsetImports()));
        line(
                b,
                "File",
                humanBytes(r.fileSize())
                        + String.format(Locale.ROOT, " (%,d bytes)", r.fileSize())
                        + (r.sha256() == null ? "" : ", sha256 " + r.sha256()));
        for (TensorInfo t : r.inputs()) {
            line(b, "Input", t.name() + " " + t.elementType() + " " + shape(t.shape()));
        }
        for (TensorInfo t : r.outputs()) {
            line(b, "Output", t.name() + " " + t.elementType() + " " + shape(t.shape()));
        }
        String params =
                humanCount(r.initializerParams())
                        + String.format(
                                Locale.ROOT, " (%,d) in ONNX initializers", r.initializerParams());
        if (r.sourceParams() != null) {
            params +=
                    "; source model "
                            + humanCount(r.sourceParams())
                            + String.format(Locale.ROOT, " (%,d)", r.sourceParams());
        }
        line(b, "Parameters", params);
        line(b, "", r.paramsExplanation());
        line(
                b,
                "MACs",
                humanCount(r.totalMacs())
                        + String.format(Locale.ROOT, " (%,d)", r.totalMacs())
                        + ", "
                        + batchLabel(r)
                        + "; FLOPs = 2 x MACs = "
                        + humanCount(r.totalFlops()));
        if (r.sourceMacs() != null) {
            line(
                    b,
                    "",
                    "source model (metadata): "
                            + humanCount(r.sourceMacs())
                            + String.format(Locale.ROOT, " (%,d)", r.sourceMacs())
                            + (r.sourceMacs() == r.totalMacs() ? ", agrees" : ", differs"));
        }
        line(b, "Nodes", Integer.toString(r.nodeCount()));
        if (!r.notCountedOps().isEmpty()) {
            List<String> nc = new ArrayList<>();
            for (Map.Entry<String, Integer> e : r.notCountedOps().entrySet()) {
                nc.add(e.getKey() + " x" + e.getValue());
            }
            line(b, "Not counted", String.join(", ", nc));
        }
        for (String n : r.notes()) {
            line(b, "Note", n);
        }

        b.append('\n');
        List<String[]> stageRows = new ArrayList<>();
        stageRows.add(new String[] {"Stage", "Params", "MACs", "% MACs", "Output", "Nodes"});
        for (StageSummary s : r.stages()) {
            stageRows.add(
                    new String[] {
                        s.name(),
                        humanCount(s.params()),
                        humanCount(s.macs()),
                        pct(s.macsPercent()),
                        shape(s.outputShape()),
                        Integer.toString(s.nodeCount())
                    });
        }
        stageRows.add(
                new String[] {
                    "total",
                    humanCount(r.initializerParams()),
                    humanCount(r.totalMacs()),
                    pct(r.totalMacs() == 0 ? 0 : 100),
                    "",
                    Integer.toString(r.nodeCount())
                });
        table(b, stageRows, new boolean[] {false, true, true, true, false, true});

        if (withLayers) {
            b.append('\n');
            List<String[]> rows = new ArrayList<>();
            rows.add(
                    new String[] {
                        "#", "Node", "Module", "Op", "Stage", "Output", "Params", "MACs", "%"
                    });
            for (LayerRow l : r.layers()) {
                rows.add(
                        new String[] {
                            Integer.toString(l.index()),
                            l.name().isEmpty() ? "(unnamed)" : l.name(),
                            l.module().isEmpty() ? "-" : l.module(),
                            l.opType(),
                            l.stage(),
                            shape(l.outputShape()),
                            humanCount(l.params()),
                            humanCount(l.macs()),
                            pct(l.macsPercent())
                        });
            }
            table(
                    b,
                    rows,
                    new boolean[] {true, false, false, false, false, false, true, true, true});
        }
        return b.toString();
    }

    /** A count in human units: 512, 9.41 K, 25.03 M, 4.23 G, 1.20 T. */
    public static String humanCount(long n) {
        String[] units = {"K", "M", "G", "T", "P"};
        if (Math.abs(n) < 1000) {
            return Long.toString(n);
        }
        double v = n;
        int u = -1;
        while (Math.abs(v) >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f %s", v, units[u]);
    }

    /** A byte count in binary units: 337.6 MiB. */
    public static String humanBytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** "batch 1" for a symbolic batch (counted as 1), "batch 8" for a fixed one. */
    private static String batchLabel(InspectionReport r) {
        if (r.inputs().isEmpty()
                || r.inputs().get(0).shape() == null
                || r.inputs().get(0).shape().rank() == 0) {
            return "input shape as declared";
        }
        Dim d = r.inputs().get(0).shape().dim(0);
        return "batch " + d.countValue();
    }

    private static String pct(double p) {
        return String.format(Locale.ROOT, "%.2f", p);
    }

    private static String shape(TensorShape s) {
        return s == null ? "?" : "[" + s.toString().replace("x", ", ") + "]";
    }

    private static String opsets(Map<String, Long> opsets) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : opsets.entrySet()) {
            out.add((e.getKey().isEmpty() ? "ai.onnx" : e.getKey()) + " " + e.getValue());
        }
        return String.join(", ", out);
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(String.format(Locale.ROOT, "%-12s %s%n", label, value).replace("\r\n", "\n"));
    }

    private static void table(StringBuilder b, List<String[]> rows, boolean[] rightAlign) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                if (c > 0) {
                    line.append("  ");
                }
                String pad = " ".repeat(width[c] - r[c].length());
                line.append(rightAlign[c] ? pad + r[c] : r[c] + pad);
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
    }
}

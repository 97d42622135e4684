package io.resnextexplorer.service;

import io.resnextexplorer.evaluation.Agreement;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.FolderAgreement;
import io.resnextexplorer.model.ImageAgreement;
import io.resnextexplorer.model.ModelCost;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.OutputRoles;
import io.resnextexplorer.model.Tensor;
import io.resnextexplorer.model.graph.InspectionReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The compare use-case: how 2..4 models agree on one image (same top-1, top-5 overlap,
 * Jensen-Shannon divergence in bits, ranks of each other's top-1) and over a folder (per-image
 * top-1 table and pairwise agreement), with each model's cost beside its answer. Pure arithmetic on
 * classifications; running the models is the session core's job.
 */
public final class CompareService {
    /** The most models shown side by side. */
    public static final int MAX_MODELS = 4;

    /**
     * The agreement on one image.
     *
     * @param infos the models, in column order
     * @param results their classifications of the image, each with all logits (asked for, or kept
     *     for heatmaps) and at least the top-5
     * @param costs each model's cost
     * @throws IllegalArgumentException for fewer than 2 or more than {@link #MAX_MODELS} models, or
     *     a classification without logits
     */
    public ImageAgreement agreement(
            List<ModelInfo> infos, List<Classification> results, List<ModelCost> costs) {
        if (infos.size() < 2 || infos.size() > MAX_MODELS) {
            throw new IllegalArgumentException(
                    "compare takes 2 to " + MAX_MODELS + " models, got " + infos.size());
        }
        List<Agreement.Member> members = new ArrayList<>();
        for (int i = 0; i < infos.size(); i++) {
            Classification c = results.get(i);
            float[] logits = logits(c);
            if (logits == null) {
                throw new IllegalArgumentException(
                        "the result of " + infos.get(i).id() + " has no logits");
            }
            members.add(
                    new Agreement.Member(
                            infos.get(i).id(),
                            infos.get(i).weights().untrained(),
                            c.top(),
                            logits,
                            costs.get(i)));
        }
        return Agreement.of(members);
    }

    /** All logits of a classification: asked for, or kept with the heatmap outputs; else null. */
    public static float[] logits(Classification c) {
        if (c.logits() != null) {
            return c.logits();
        }
        Tensor t = c.outputs().get(OutputRoles.LOGITS);
        return t == null ? null : t.data();
    }

    /**
     * A model's cost: the exact source-model figures from our metadata, else those counted on the
     * graph (when a report is given), else unknown.
     *
     * @param report the model's inspection, or null
     * @param latencyMs measured inference time, ms
     */
    public ModelCost cost(ModelInfo info, InspectionReport report, double latencyMs) {
        Long params = info.sourceParams();
        Long macs = info.sourceMacs();
        if (report != null) {
            params = params != null ? params : Long.valueOf(report.initializerParams());
            macs = macs != null ? macs : Long.valueOf(report.totalMacs());
        }
        return new ModelCost(params, macs, latencyMs);
    }

    /** The folder table's cell for one model's result: its top-1, or the error. */
    public FolderAgreement.Cell cell(Classification c, String error) {
        return c != null
                ? new FolderAgreement.Cell(c.top1(), null, c.timings().inferenceMs())
                : new FolderAgreement.Cell(null, error);
    }

    /** An empty folder comparison to fill row by row. */
    public FolderTable folder(List<ModelInfo> infos) {
        return new FolderTable(
                new Agreement.FolderAccumulator(
                        infos.stream().map(ModelInfo::id).toList(),
                        infos.stream().map(i -> i.weights().untrained()).toList()));
    }

    /**
     * A folder comparison filled row by row: every row is kept (it is the table), the pairwise
     * counts are running sums. Thread-safe.
     */
    public static final class FolderTable {
        private final Agreement.FolderAccumulator acc;

        private FolderTable(Agreement.FolderAccumulator acc) {
            this.acc = acc;
        }

        /** Adds one image's cells (one per model, column order) and returns its row. */
        public FolderAgreement.Row add(
                String image, String name, List<FolderAgreement.Cell> cells) {
            return acc.add(image, name, cells);
        }

        public FolderAgreement snapshot() {
            return acc.snapshot();
        }
    }
}

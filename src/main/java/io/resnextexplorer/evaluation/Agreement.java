package io.resnextexplorer.evaluation;

import io.resnextexplorer.model.FolderAgreement;
import io.resnextexplorer.model.ImageAgreement;
import io.resnextexplorer.model.ModelCost;
import io.resnextexplorer.model.Prediction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Agreement between 2..4 models: on one image from their full outputs, over a folder row by row.
 */
public final class Agreement {
    private Agreement() {}

    /**
     * One model's answer on the image.
     *
     * @param model model id
     * @param untrained whether its weights are untrained
     * @param top its top-5 (or all its classes when fewer), most probable first
     * @param logits all its logits (length = classes)
     * @param cost params, MACs, latency of this run
     */
    public record Member(
            String model,
            boolean untrained,
            List<Prediction> top,
            float[] logits,
            ModelCost cost) {}

    /** The agreement figures of 2 or more models on one image. */
    public static ImageAgreement of(List<Member> members) {
        int n = members.size();
        if (n < 2) {
            throw new IllegalArgumentException("compare needs at least 2 models, got " + n);
        }
        List<Prediction> top1 = new ArrayList<>();
        List<Boolean> untrained = new ArrayList<>();
        List<Set<Integer>> top5 = new ArrayList<>();
        boolean comparable = true;
        for (Member m : members) {
            top1.add(m.top().get(0));
            untrained.add(m.untrained());
            Set<Integer> s = new HashSet<>();
            for (int r = 0; r < Math.min(5, m.top().size()); r++) {
                s.add(m.top().get(r).index());
            }
            top5.add(s);
            comparable &= m.logits().length == members.get(0).logits().length;
        }
        boolean same = top1.stream().allMatch(p -> p.index() == top1.get(0).index());
        int[][] overlap = new int[n][n];
        Set<Integer> common = new HashSet<>(top5.get(0));
        for (int i = 0; i < n; i++) {
            common.retainAll(top5.get(i));
            for (int j = 0; j < n; j++) {
                Set<Integer> s = new HashSet<>(top5.get(i));
                s.retainAll(top5.get(j));
                overlap[i][j] = s.size();
            }
        }
        Double jsd = null;
        double[][] pairwise = null;
        int[][] ranks = null;
        if (comparable) {
            List<double[]> ps =
                    members.stream().map(m -> Distributions.softmax(m.logits())).toList();
            jsd = Distributions.jensenShannonBits(ps);
            pairwise = new double[n][n];
            ranks = new int[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    pairwise[i][j] =
                            i == j
                                    ? 0
                                    : Distributions.jensenShannonBits(
                                            List.of(ps.get(i), ps.get(j)));
                    ranks[i][j] = Distributions.rank(members.get(i).logits(), top1.get(j).index());
                }
            }
        }
        List<String> notes = new ArrayList<>();
        if (untrained.contains(Boolean.TRUE)) {
            notes.add("untrained weights in " + untrainedNames(members) + ": not predictions");
        }
        if (!comparable) {
            notes.add("the models have different numbers of classes: no divergence or ranks");
        }
        return new ImageAgreement(
                members.stream().map(Member::model).toList(),
                untrained,
                top1,
                same,
                overlap,
                common.size(),
                comparable,
                jsd,
                pairwise,
                ranks,
                members.stream().map(Member::cost).toList(),
                String.join("; ", notes));
    }

    private static String untrainedNames(List<Member> members) {
        return String.join(
                ", ", members.stream().filter(Member::untrained).map(Member::model).toList());
    }

    /**
     * Folder agreement built row by row (each row is kept: it is the table; the counts are running
     * sums). Thread-safe.
     */
    public static final class FolderAccumulator {
        private final List<String> models;
        private final List<Boolean> untrained;
        private final List<FolderAgreement.Row> rows = new ArrayList<>();
        private final int[][] both;
        private final int[][] agreed;
        private int disagreements;

        public FolderAccumulator(List<String> models, List<Boolean> untrained) {
            this.models = List.copyOf(models);
            this.untrained = List.copyOf(untrained);
            both = new int[models.size()][models.size()];
            agreed = new int[models.size()][models.size()];
        }

        /**
         * One image's cells, one per model in column order.
         *
         * @return the row as added
         */
        public synchronized FolderAgreement.Row add(
                String image, String name, List<FolderAgreement.Cell> cells) {
            int n = models.size();
            if (cells.size() != n) {
                throw new IllegalArgumentException("need " + n + " cells, got " + cells.size());
            }
            Integer first = null;
            boolean disagree = false;
            for (int i = 0; i < n; i++) {
                FolderAgreement.Cell a = cells.get(i);
                if (!a.ok()) {
                    continue;
                }
                if (first == null) {
                    first = a.top1().index();
                } else if (a.top1().index() != first) {
                    disagree = true;
                }
                for (int j = 0; j < n; j++) {
                    FolderAgreement.Cell b = cells.get(j);
                    if (b.ok()) {
                        both[i][j]++;
                        if (a.top1().index() == b.top1().index()) {
                            agreed[i][j]++;
                        }
                    }
                }
            }
            FolderAgreement.Row row = new FolderAgreement.Row(image, name, cells, disagree);
            rows.add(row);
            disagreements += disagree ? 1 : 0;
            return row;
        }

        public synchronized FolderAgreement snapshot() {
            return new FolderAgreement(
                    models, untrained, rows, copy(both), copy(agreed), disagreements);
        }

        private static int[][] copy(int[][] a) {
            int[][] c = new int[a.length][];
            for (int i = 0; i < a.length; i++) {
                c[i] = a[i].clone();
            }
            return c;
        }
    }
}

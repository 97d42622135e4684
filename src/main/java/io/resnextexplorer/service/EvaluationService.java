package io.resnextexplorer.service;

import io.resnextexplorer.evaluation.ClassMatcher;
import io.resnextexplorer.evaluation.EvaluationAccumulator;
import io.resnextexplorer.metadata.ImageNetSynsets;
import io.resnextexplorer.model.ClassMatch;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.Prediction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The evaluate use-case on a labelled folder (ImageFolder layout: one sub-folder per class): match
 * the folders to each model's own class indices, then accumulate top-1/top-5 accuracy (timm's
 * validate.py convention) with 95 % Wilson intervals, per-class accuracy, confusions and
 * calibration (ECE over 15 equal-width bins). Running the models is the session core's job.
 */
public final class EvaluationService {
    /** Classes each result must carry: timm's top-5. */
    public static final int TOP_K = 5;

    /**
     * Reads a class-map file (UTF-8): {@code folder<TAB>class} lines, or timm's form (line i names
     * the folder of class i); see {@link ClassMatcher#parseClassMap}.
     *
     * @throws IOException when it cannot be read
     * @throws IllegalArgumentException naming a malformed line
     */
    public Map<String, String> readClassMap(Path file) throws IOException {
        return ClassMatcher.parseClassMap(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** The model's classes of these folder names; synset ids apply to ImageNet-1k models. */
    public ClassMatch match(ModelInfo info, List<String> folders, Map<String, String> classMap) {
        List<String> synsets =
                ImageNetSynsets.isImageNet1k(info.labels()) ? ImageNetSynsets.get() : null;
        return new ClassMatcher(info.labels(), synsets, classMap).match(folders);
    }

    /** An empty accumulator for one model. */
    public EvaluationAccumulator accumulator(ModelInfo info, ClassMatch match) {
        return new EvaluationAccumulator(
                info.id(), info.timmFullName(), info.weights(), info.labels(), match);
    }

    /** Adds one classified image of class {@code target} (the model's index). */
    public void add(EvaluationAccumulator acc, int target, Classification c) {
        List<Prediction> top = c.top();
        int[] idx = new int[top.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = top.get(i).index();
        }
        acc.add(target, idx, top.get(0).probability(), c.timings().inferenceMs());
    }
}

package io.resnextexplorer.service;

import io.resnextexplorer.heatmap.LinearHead;
import io.resnextexplorer.model.HeatmapMethod;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.ModelOutputs;
import io.resnextexplorer.model.OutputRoles;
import io.resnextexplorer.model.Tensor;
import io.resnextexplorer.model.graph.TensorInfo;
import io.resnextexplorer.onnx.ClassifierHead;
import io.resnextexplorer.onnx.ExtraOutputs;
import io.resnextexplorer.onnx.HeadFinder;
import io.resnextexplorer.onnx.InitializerValues;
import io.resnextexplorer.onnx.OnnxGraphReader;
import io.resnextexplorer.onnx.OnnxModel;
import io.resnextexplorer.onnx.OnnxTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares a model for heatmaps while it loads: finds the pooled linear head in the graph, reads
 * the head's weights, and builds the in-memory copy of the model whose graph also outputs the
 * feature map and the stage outputs (the file on disk is never changed or copied).
 */
final class HeatmapLoader {
    private static final Logger LOG = LoggerFactory.getLogger(HeatmapLoader.class);

    /** A classifier larger than this (64 Mi values, 256 MB) is not read for heatmaps. */
    static final long MAX_HEAD_VALUES = 64L << 20;

    static final String STAGE_ROLE = "stage:";

    /** Names of the added [N, 1, h, w] stage-mean outputs (prefix + stage name). */
    static final String STAGE_MEAN_PREFIX = "resnext_explorer/stage_mean/";

    private HeatmapLoader() {}

    /**
     * @param support what heatmaps this model gets (or why none)
     * @param appended bytes appended to the model for the extra outputs, or null to load the file
     *     as it is
     * @param logitsOutput the output the head writes, or null
     */
    record Prepared(HeatmapSupport support, byte[] appended, String logitsOutput) {}

    /** Never throws: a graph we cannot analyse loads without heatmaps, with the reason. */
    static Prepared prepare(Path file) {
        try {
            OnnxModel graph = OnnxGraphReader.read(file);
            ClassifierHead.Search search = HeadFinder.find(graph);
            if (!search.found()) {
                return new Prepared(HeatmapSupport.unavailable(search.reason()), null, null);
            }
            ClassifierHead h = search.head();
            OnnxTensor w = null;
            for (OnnxTensor t : graph.initializers()) {
                if (t.name().equals(h.weightName())) {
                    w = t;
                }
            }
            int classes = (int) (long) w.dims().get(h.weightClassesFirst() ? 0 : 1);
            Set<String> names = new HashSet<>();
            names.add(h.weightName());
            if (h.biasName() != null) {
                names.add(h.biasName());
            }
            Map<String, float[]> values =
                    InitializerValues.readFloats(file, names, MAX_HEAD_VALUES);
            float[] weights = values.get(h.weightName());
            if (weights == null) {
                return new Prepared(
                        HeatmapSupport.unavailable("the classifier weights could not be found"),
                        null,
                        null);
            }
            LinearHead head =
                    LinearHead.of(
                            weights,
                            classes,
                            h.weightClassesFirst(),
                            h.biasName() == null ? null : values.get(h.biasName()),
                            h.alpha(),
                            h.beta());
            Set<String> outputs = new HashSet<>();
            for (TensorInfo t : graph.outputs()) {
                outputs.add(t.name());
            }
            Set<String> taken = tensorNames(graph);
            // Each stage is fetched as its channel mean, computed in the graph: the stage maps
            // are all a result keeps of them (see ExtraOutputs for why not the activations).
            Map<String, String> stages = new LinkedHashMap<>();
            List<ExtraOutputs.ChannelMean> means = new ArrayList<>();
            for (String s : HeatmapMethod.STAGES) {
                String tensor = h.stageOutputs().get(s);
                if (tensor != null) {
                    String mean = STAGE_MEAN_PREFIX + s;
                    while (taken.contains(mean)) {
                        mean = mean + "_";
                    }
                    taken.add(mean);
                    means.add(new ExtraOutputs.ChannelMean(tensor, mean));
                    stages.put(s, mean);
                }
            }
            List<String> extra = new ArrayList<>();
            if (!outputs.contains(h.featureTensor())) {
                extra.add(h.featureTensor());
            }
            byte[] bytes =
                    extra.isEmpty() && means.isEmpty()
                            ? null
                            : ExtraOutputs.fragment(
                                    extra, means, graph.properties().defaultOpset());
            return new Prepared(
                    HeatmapSupport.of(head, h.featureTensor(), stages), bytes, h.logitsOutput());
        } catch (IOException | RuntimeException e) {
            LOG.info("no heatmaps for {}: {}", file.getFileName(), e.toString());
            return new Prepared(
                    HeatmapSupport.unavailable(
                            "the classifier head could not be read: " + e.getMessage()),
                    null,
                    null);
        }
    }

    /** Every tensor name the graph uses, so added outputs cannot clash with one. */
    private static Set<String> tensorNames(OnnxModel graph) {
        Set<String> names = new HashSet<>();
        graph.inputs().forEach(t -> names.add(t.name()));
        graph.outputs().forEach(t -> names.add(t.name()));
        graph.initializers().forEach(t -> names.add(t.name()));
        for (io.resnextexplorer.onnx.OnnxNode n : graph.nodes()) {
            names.addAll(n.outputs());
        }
        return names;
    }

    /** The model's info with the roles the heatmap outputs play ("features", "stage:layer1"). */
    static ModelInfo withRoles(ModelInfo info, HeatmapSupport support) {
        Map<String, String> byRole = new LinkedHashMap<>(info.outputRoles().byRole());
        byRole.put(OutputRoles.FEATURES, support.featureOutput());
        support.stageTensors().forEach((stage, tensor) -> byRole.put(STAGE_ROLE + stage, tensor));
        OutputRoles roles = new OutputRoles(byRole, info.outputRoles().guessed());
        return new ModelInfo(
                info.id(),
                info.file(),
                info.fileSize(),
                info.timmName(),
                info.timmTag(),
                info.labels(),
                info.preprocess(),
                info.weights(),
                info.card(),
                info.sourceParams(),
                info.sourceMacs(),
                info.opset(),
                info.inputName(),
                roles,
                info.defaulted(),
                info.metadata(),
                info.schemaVersion(),
                info.quantization());
    }

    /** The roles fetched with every run of a model with heatmaps. */
    static List<String> roles(HeatmapSupport support) {
        List<String> roles = new ArrayList<>();
        roles.add(OutputRoles.FEATURES);
        for (String s : support.stages()) {
            roles.add(STAGE_ROLE + s);
        }
        return roles;
    }

    /**
     * What a result keeps for heatmaps: all logits, the feature map, and each stage's channel-mean
     * map as [1, 1, h, w] (computed in the graph: the full stage activations never leave ONNX
     * Runtime).
     */
    static Map<String, Tensor> keep(ModelOutputs outputs, HeatmapSupport support) {
        Map<String, Tensor> kept = new LinkedHashMap<>();
        Tensor logits = outputs.logits();
        kept.put(OutputRoles.LOGITS, new Tensor(logits.item(0), new long[] {1, logits.shape()[1]}));
        Tensor features = outputs.role(OutputRoles.FEATURES);
        if (features != null) {
            kept.put(OutputRoles.FEATURES, firstItem(features));
        }
        for (String s : support.stages()) {
            Tensor t = outputs.role(STAGE_ROLE + s);
            if (t != null && t.shape().length == 4 && t.shape()[1] == 1) {
                kept.put(STAGE_ROLE + s, firstItem(t));
            }
        }
        return kept;
    }

    private static Tensor firstItem(Tensor t) {
        if (t.shape()[0] == 1) {
            return t;
        }
        long[] shape = t.shape().clone();
        shape[0] = 1;
        return new Tensor(t.item(0), shape);
    }
}

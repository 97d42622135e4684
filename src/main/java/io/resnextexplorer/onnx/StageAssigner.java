package io.resnextexplorer.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assigns each node to a stage of a ResNet-style network: stem, layer1..layer4 (any layerN), head,
 * or "other".
 *
 * <p>Rule, first match wins, each looking for the outermost torch module name that names a stage
 * (so a wrapper module such as {@code model.layer1} still counts):
 *
 * <ol>
 *   <li>the node's {@code pkg.torch.onnx.name_scopes} metadata (dynamo exporter), e.g. {@code ['',
 *       'layer1', 'layer1.0', ...]};
 *   <li>the node name as a path (legacy exporter), e.g. {@code /layer1/layer1.0/conv1/Conv};
 *   <li>the names of initializers the node consumes (directly or through Identity), e.g. {@code
 *       layer1.0.conv1.weight};
 *   <li>otherwise the stage of the node producing its first assigned input, or failing that of its
 *       first assigned consumer.
 * </ol>
 *
 * A module name {@code layerN} gives that stage; {@code conv1, bn1, act1, relu, maxpool, stem} give
 * "stem"; {@code fc, global_pool, avgpool, head, classifier} give "head". A graph in which no node
 * maps to a layerN stage is not treated as ResNet-like: every node is "other".
 */
final class StageAssigner {
    static final String OTHER = "other";

    private static final Pattern LAYER = Pattern.compile("layer\\d+");
    private static final Set<String> STEM =
            Set.of("conv1", "bn1", "act1", "relu", "maxpool", "stem", "conv_stem", "bn_stem");
    private static final Set<String> HEAD =
            Set.of("fc", "global_pool", "avgpool", "head", "classifier");
    private static final Pattern SCOPE = Pattern.compile("'([^']*)'");

    private StageAssigner() {}

    /** Stage per node index. {@code aliases} maps Identity outputs to their initializer. */
    static String[] assign(OnnxModel model, Map<String, String> aliases, Set<String> initNames) {
        List<OnnxNode> nodes = model.nodes();
        String[] stage = new String[nodes.size()];
        boolean anyLayer = false;
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            OnnxNode n = nodes.get(i);
            for (String o : n.outputs()) {
                producer.put(o, i);
            }
            String s = fromScopes(n.metadata().get("pkg.torch.onnx.name_scopes"));
            if (s == null) {
                s = fromNodeName(n.name());
            }
            if (s == null) {
                s = fromInitializers(n, aliases, initNames);
            }
            stage[i] = s;
            anyLayer |= s != null && s.startsWith("layer");
        }
        if (!anyLayer) {
            java.util.Arrays.fill(stage, OTHER);
            return stage;
        }
        // Inherit from producers (forward), then from consumers (backward).
        for (int i = 0; i < nodes.size(); i++) {
            if (stage[i] == null) {
                for (String in : nodes.get(i).inputs()) {
                    Integer p = producer.get(in);
                    if (p != null && stage[p] != null) {
                        stage[i] = stage[p];
                        break;
                    }
                }
            }
        }
        Map<String, List<Integer>> consumers = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).inputs()) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
            }
        }
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (stage[i] == null) {
                outer:
                for (String o : nodes.get(i).outputs()) {
                    for (int c : consumers.getOrDefault(o, List.of())) {
                        if (stage[c] != null) {
                            stage[i] = stage[c];
                            break outer;
                        }
                    }
                }
            }
            if (stage[i] == null) {
                stage[i] = OTHER;
            }
        }
        return stage;
    }

    /**
     * The torch module a node came from, e.g. {@code layer1.0.conv2}: from the name of a weight it
     * consumes, else the dynamo exporter's name scopes, else the legacy exporter's node path; ""
     * when the export records none.
     */
    static String modulePath(OnnxNode n, Map<String, String> aliases, Set<String> initNames) {
        for (String in : n.inputs()) {
            String root = aliases.getOrDefault(in, in);
            if (initNames.contains(root) && !root.contains("::") && root.contains(".")) {
                int dot = root.lastIndexOf('.');
                String last = root.substring(dot + 1);
                if (last.equals("weight") || last.equals("bias")) {
                    return root.substring(0, dot);
                }
            }
        }
        String scopes = n.metadata().get("pkg.torch.onnx.name_scopes");
        if (scopes != null) {
            List<String> parts = new ArrayList<>();
            Matcher m = SCOPE.matcher(scopes);
            while (m.find()) {
                if (!m.group(1).isEmpty()) {
                    parts.add(m.group(1));
                }
            }
            // The last scope is the aten op itself.
            if (parts.size() >= 2) {
                return parts.get(parts.size() - 2);
            }
        }
        String name = n.name();
        if (name.startsWith("/")) {
            String[] seg = name.substring(1).split("/");
            // Segments repeat their parent's last name: /layer1/layer1.0/conv1/Conv.
            String path = "";
            String last = "";
            for (int i = 0; i < seg.length - 1; i++) {
                String s = seg[i];
                if (!last.isEmpty() && s.startsWith(last + ".")) {
                    path += s.substring(last.length());
                } else {
                    path = path.isEmpty() ? s : path + "." + s;
                }
                last = s;
            }
            return path;
        }
        return "";
    }

    /** Stage of an initializer by its name, or null. */
    static String fromTensorName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? firstStage(List.of(name.substring(0, dot))) : null;
    }

    static String classify(String module) {
        if (LAYER.matcher(module).matches()) {
            return module;
        }
        if (STEM.contains(module)) {
            return "stem";
        }
        if (HEAD.contains(module)) {
            return "head";
        }
        return null;
    }

    private static String fromScopes(String scopes) {
        if (scopes == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        Matcher m = SCOPE.matcher(scopes);
        while (m.find()) {
            parts.add(m.group(1));
        }
        // The last scope is the aten op itself (e.g. 'relu_3'), not a module.
        return parts.isEmpty() ? null : firstStage(parts.subList(0, parts.size() - 1));
    }

    private static String fromNodeName(String name) {
        if (!name.startsWith("/")) {
            return null;
        }
        String[] seg = name.substring(1).split("/");
        // The last segment is the op ("Conv"), not a module.
        return firstStage(List.of(seg).subList(0, seg.length - 1));
    }

    /**
     * The first module name in the paths that names a stage, so a wrapped model ({@code
     * model.layer1.0.conv1}) still maps to layer1.
     */
    private static String firstStage(List<String> paths) {
        for (String p : paths) {
            for (String token : p.split("\\.")) {
                String s = classify(token);
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }

    private static String fromInitializers(
            OnnxNode n, Map<String, String> aliases, Set<String> initNames) {
        for (String in : n.inputs()) {
            String root = aliases.getOrDefault(in, in);
            if (initNames.contains(root)) {
                String s = fromTensorName(root);
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }
}

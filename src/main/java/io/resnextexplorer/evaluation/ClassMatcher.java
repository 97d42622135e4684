package io.resnextexplorer.evaluation;

import io.resnextexplorer.model.ClassMatch;
import io.resnextexplorer.model.ClassMatch.Via;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Matches the sub-folder names of an ImageFolder-layout folder to a model's own class indices:
 * through the user's class map when it names the folder (what the user says wins), else an ImageNet
 * synset id through timm's synset list (for models whose classes are ImageNet-1k), else the model's
 * class name. A name that matches nothing, or more than one class, is reported and never guessed.
 */
public final class ClassMatcher {
    private static final Pattern SYNSET = Pattern.compile("n\\d{8}");

    private final List<String> labels;
    private final List<String> synsets;
    private final Map<String, String> classMap;
    private final Map<String, List<Integer>> byName = new HashMap<>();
    private final Map<String, List<Integer>> byFullLabel = new HashMap<>();
    private final Map<String, Integer> bySynset = new HashMap<>();

    /**
     * @param labels the model's class names, index order
     * @param synsets synset ids in the same order when the model's classes are ImageNet-1k, else
     *     null
     * @param classMap folder name -> class (an index, a synset id or a class name), may be empty
     */
    public ClassMatcher(List<String> labels, List<String> synsets, Map<String, String> classMap) {
        this.labels = List.copyOf(labels);
        this.synsets = synsets;
        this.classMap = Map.copyOf(classMap);
        for (int i = 0; i < labels.size(); i++) {
            byFullLabel.computeIfAbsent(normalize(labels.get(i)), k -> new ArrayList<>()).add(i);
            // "great white shark, white shark, man-eater": each comma-separated name counts.
            for (String part : labels.get(i).split(",")) {
                List<Integer> l = byName.computeIfAbsent(normalize(part), k -> new ArrayList<>());
                if (!l.contains(i)) {
                    l.add(i);
                }
            }
        }
        if (synsets != null) {
            for (int i = 0; i < synsets.size(); i++) {
                bySynset.put(synsets.get(i), i);
            }
        }
    }

    /** Matches folder names (any order; the result is in name order). */
    public ClassMatch match(List<String> folders) {
        List<ClassMatch.Folder> matched = new ArrayList<>();
        List<ClassMatch.Unmatched> unmatched = new ArrayList<>();
        for (String folder : new TreeSet<>(folders)) {
            Object r = matchOne(folder);
            if (r instanceof ClassMatch.Folder f) {
                matched.add(f);
            } else {
                unmatched.add(new ClassMatch.Unmatched(folder, (String) r));
            }
        }
        return new ClassMatch(matched, unmatched);
    }

    /** A {@link ClassMatch.Folder}, or the reason as a String. */
    private Object matchOne(String folder) {
        String mapped = classMap.get(folder);
        if (mapped != null) {
            Object r = resolve(mapped.strip(), true);
            if (r instanceof Integer i) {
                return new ClassMatch.Folder(folder, i, labels.get(i), Via.CLASS_MAP);
            }
            return "the class map says \"" + mapped + "\": " + r;
        }
        Object r = resolve(folder, false);
        if (r instanceof Integer i) {
            Via via = SYNSET.matcher(folder).matches() ? Via.SYNSET : Via.LABEL;
            return new ClassMatch.Folder(folder, i, labels.get(i), via);
        }
        return r;
    }

    /** A class index, or the reason as a String. */
    private Object resolve(String name, boolean indexAllowed) {
        if (indexAllowed && name.matches("\\d+")) {
            long i = Long.parseLong(name);
            return i < labels.size()
                    ? (Object) (int) i
                    : "no class " + name + " (the model has " + labels.size() + " classes)";
        }
        if (SYNSET.matcher(name).matches()) {
            if (synsets == null) {
                return "an ImageNet synset id, but this model's classes are not ImageNet-1k"
                        + " (give a class map)";
            }
            Integer i = bySynset.get(name);
            return i != null ? (Object) i : "synset " + name + " is not one of ImageNet-1k's";
        }
        String n = normalize(name);
        List<Integer> full = byFullLabel.get(n);
        List<Integer> hits = full != null ? full : byName.getOrDefault(n, List.of());
        if (hits.size() == 1) {
            return hits.get(0);
        }
        if (hits.isEmpty()) {
            return "no class of this model is named so";
        }
        StringBuilder sb = new StringBuilder("names " + hits.size() + " classes (");
        for (int k = 0; k < hits.size(); k++) {
            sb.append(k > 0 ? ", " : "")
                    .append(hits.get(k))
                    .append(' ')
                    .append(labels.get(hits.get(k)));
        }
        return sb.append("): give a class map").toString();
    }

    /** Case, underscores and runs of spaces do not matter ("Great_White_Shark"). */
    static String normalize(String s) {
        return s.strip().replace('_', ' ').replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a class-map file. Two forms: lines {@code folder<TAB>class} (class = index, synset id
     * or class name), or, when no line has a tab, timm's {@code --class-map} form: line i names the
     * folder of class i. Blank lines and lines starting with {@code #} are skipped in the first
     * form; in timm's form every line counts, as timm counts them.
     *
     * @throws IllegalArgumentException naming the line that is malformed
     */
    public static Map<String, String> parseClassMap(List<String> lines) {
        Map<String, String> map = new HashMap<>();
        boolean tabbed = lines.stream().anyMatch(l -> l.indexOf('\t') >= 0);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!tabbed) {
                String folder = line.strip();
                if (!folder.isEmpty() && map.putIfAbsent(folder, Integer.toString(i)) != null) {
                    throw new IllegalArgumentException(
                            "line " + (i + 1) + ": folder " + folder + " is named twice");
                }
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab <= 0 || line.substring(tab + 1).isBlank()) {
                throw new IllegalArgumentException(
                        "line " + (i + 1) + ": expected FOLDER<TAB>CLASS, got \"" + line + "\"");
            }
            String folder = line.substring(0, tab).strip();
            if (map.putIfAbsent(folder, line.substring(tab + 1).strip()) != null) {
                throw new IllegalArgumentException(
                        "line " + (i + 1) + ": folder " + folder + " is named twice");
            }
        }
        return map;
    }
}

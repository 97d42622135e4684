package io.resnextexplorer.session;

import io.resnextexplorer.model.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A class found by name in an image's full ranking.
 *
 * @param rank 1-based rank among all classes (1 = the most probable)
 * @param prediction the class, its probability in [0, 1] and its logit
 */
public record ClassMatch(int rank, Prediction prediction) {
    /**
     * The classes of a full ranking (most probable first) whose label contains {@code query},
     * ignoring case and surrounding blanks; "class 17" style queries also match by index ("17").
     *
     * @param ranking every class, most probable first
     * @param limit at most this many matches
     * @return matches in ranking order; empty for a blank query
     */
    public static List<ClassMatch> find(List<Prediction> ranking, String query, int limit) {
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        List<ClassMatch> out = new ArrayList<>();
        if (q.isEmpty()) {
            return out;
        }
        for (int i = 0; i < ranking.size() && out.size() < limit; i++) {
            Prediction p = ranking.get(i);
            if (p.label().toLowerCase(Locale.ROOT).contains(q)
                    || String.valueOf(p.index()).equals(q)) {
                out.add(new ClassMatch(i + 1, p));
            }
        }
        return out;
    }
}

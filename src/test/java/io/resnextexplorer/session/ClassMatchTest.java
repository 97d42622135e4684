package io.resnextexplorer.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.Prediction;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassMatchTest {
    private static final List<Prediction> RANKING =
            List.of(
                    new Prediction(207, "golden retriever", 0.6, 9f),
                    new Prediction(281, "tabby cat", 0.3, 8f),
                    new Prediction(208, "Labrador retriever", 0.08, 6f),
                    new Prediction(17, "jay", 0.02, 4f));

    @Test
    void findsClassesByPartOfTheirNameIgnoringCaseWithTheirRank() {
        List<ClassMatch> found = ClassMatch.find(RANKING, "  RETRIEVER ", 10);
        assertThat(found).extracting(ClassMatch::rank).containsExactly(1, 3);
        assertThat(found.get(1).prediction().label()).isEqualTo("Labrador retriever");
    }

    @Test
    void findsAClassByItsIndexAndStopsAtTheLimit() {
        assertThat(ClassMatch.find(RANKING, "17", 10))
                .singleElement()
                .matches(m -> m.rank() == 4 && m.prediction().index() == 17);
        assertThat(ClassMatch.find(RANKING, "r", 1)).hasSize(1);
        assertThat(ClassMatch.find(RANKING, " ", 10)).isEmpty();
    }
}

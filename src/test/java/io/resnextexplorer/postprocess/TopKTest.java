package io.resnextexplorer.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resnextexplorer.model.Prediction;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopKTest {
    private static final List<String> LABELS = List.of("a", "b", "c", "d", "e");

    private static List<Integer> indices(List<Prediction> top) {
        return top.stream().map(Prediction::index).toList();
    }

    @Test
    void breaksTiesByTheLowerClassIndex() {
        // Class 3 and class 1 tie for first, 4 and 0 for third: torch.topk on CPU orders each tie
        // by index, and the window and the CLI must list the same classes in the same order.
        float[] logits = {0.5f, 2f, -1f, 2f, 0.5f};

        List<Prediction> top = TopK.of(logits, LABELS, 5);

        assertThat(indices(top)).containsExactly(1, 3, 0, 4, 2);
        assertThat(top.get(0).probability()).isEqualTo(top.get(1).probability());
        assertThat(top.get(0).label()).isEqualTo("b");
    }

    @Test
    void allEqualLogitsComeOutInIndexOrderWithEqualShares() {
        List<Prediction> top = TopK.of(new float[5], LABELS, 3);

        assertThat(indices(top)).containsExactly(0, 1, 2);
        assertThat(top).allSatisfy(p -> assertThat(p.probability()).isEqualTo(0.2));
    }

    @Test
    void kLargerThanTheClassCountGivesEveryClassOnce() {
        float[] logits = {1f, 3f, 2f, 0f, -2f};

        List<Prediction> top = TopK.of(logits, LABELS, 1000);

        assertThat(indices(top)).containsExactly(1, 2, 0, 3, 4);
        assertThat(top.stream().mapToDouble(Prediction::probability).sum())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void kBelowOneStillGivesTheTopClass() {
        assertThat(indices(TopK.of(new float[] {0f, 1f, 0f, 0f, 0f}, LABELS, 0)))
                .containsExactly(1);
    }

    @Test
    void aNanLogitIsRefusedWithAMessage() {
        assertThatThrownBy(() -> TopK.of(new float[] {0f, Float.NaN, 0f, 0f, 0f}, LABELS, 5))
                .isInstanceOf(NonFiniteOutputException.class)
                .hasMessage("the model produced NaN");
    }
}

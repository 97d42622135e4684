package io.resnextexplorer.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.Tensor;
import io.resnextexplorer.testing.ExportedModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The ONNX Runtime session wrapper on the real tiny fixture. */
class OnnxClassifierTest {
    private static final int SIZE = 64;

    @Test
    void closingWhileRunsAreInFlightWaitsForThemAndLaterRunsFailCleanly() throws Exception {
        OnnxClassifier c =
                OnnxClassifier.open(
                        ExportedModels.fixture("tiny_bicubic_095.onnx"), ExecutionProvider.CPU);
        float[] input = new float[3 * SIZE * SIZE];
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                runs.add(
                        pool.submit(
                                () -> {
                                    int ok = 0;
                                    for (int i = 0; i < 200; i++) {
                                        try {
                                            c.run(
                                                    input,
                                                    1,
                                                    SIZE,
                                                    SIZE,
                                                    List.of("logits", "features"));
                                            ok++;
                                        } catch (InferenceException e) {
                                            assertThat(e.getMessage()).contains("closed");
                                        }
                                    }
                                    return ok;
                                }));
            }
            Thread.sleep(20);
            c.close(); // would crash the JVM without the lifecycle lock
            for (Future<Integer> r : runs) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isBetween(0, 200);
            }
            assertThatThrownBy(() -> c.run(input, 1, SIZE, SIZE, List.of("logits")))
                    .isInstanceOf(InferenceException.class)
                    .hasMessageContaining("closed");
            c.close(); // twice is harmless
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fetchesExactlyTheNamedOutputsWithTheirShapes() {
        try (OnnxClassifier c =
                OnnxClassifier.open(
                        ExportedModels.fixture("tiny_bicubic_095.onnx"), ExecutionProvider.CPU)) {
            Map<String, Tensor> out =
                    c.run(
                            new float[2 * 3 * SIZE * SIZE],
                            2,
                            SIZE,
                            SIZE,
                            List.of("features", "logits"));
            assertThat(out.keySet()).containsExactly("features", "logits");
            assertThat(out.get("logits").shape()).containsExactly(2, 10);
            assertThat(out.get("logits").data()).hasSize(2 * 10);
            assertThat(out.get("features").shape()).containsExactly(2, 128, 2, 2);
            assertThat(out.get("features").data()).hasSize(2 * 128 * 2 * 2);
            assertThat(c.run(new float[3 * SIZE * SIZE], 1, SIZE, SIZE, List.of("logits")))
                    .containsOnlyKeys("logits");
            assertThat(c.provider().used()).isEqualTo(ExecutionProvider.CPU);
            assertThat(c.provider().fellBack()).isFalse();
        }
    }
}

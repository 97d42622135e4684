package io.resnextexplorer.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.Tensor;
import io.resnextexplorer.testing.ExportedModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The ONNX Runtime session wrapper on the real tiny fixture. */
class OnnxClassifierTest {
    private static final int SIZE = 64;

    /**
     * Close lands while runs are certainly in flight: two workers loop over runs, counting each run
     * they start and each they finish; close() is called only once one run has finished and a later
     * one has started, so the workers are running when close() asks for the write lock. Every run
     * must then either complete or fail with "closed"; each worker stops at its first refusal, so
     * both must have seen one.
     */
    @Test
    void closingWhileRunsAreInFlightWaitsForThemAndLaterRunsFailCleanly() throws Exception {
        OnnxClassifier c =
                OnnxClassifier.open(
                        ExportedModels.fixture("tiny_bicubic_095.onnx"), ExecutionProvider.CPU);
        float[] input = new float[3 * SIZE * SIZE];
        AtomicInteger started = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger failedClosed = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch overlapping = new CountDownLatch(1);
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                workers.add(
                        pool.submit(
                                () -> {
                                    boolean refused = false;
                                    while (!refused && !stop.get()) {
                                        if (completed.get() > 0 && started.get() > 1) {
                                            overlapping.countDown();
                                        }
                                        started.incrementAndGet();
                                        try {
                                            c.run(input, 1, SIZE, SIZE, List.of("logits"));
                                            completed.incrementAndGet();
                                        } catch (InferenceException e) {
                                            if (e.getMessage().contains("closed")) {
                                                failedClosed.incrementAndGet();
                                                refused = true;
                                            } else {
                                                unexpected.add(e);
                                            }
                                        } catch (RuntimeException e) {
                                            unexpected.add(e);
                                        }
                                    }
                                }));
            }
            assertThat(overlapping.await(60, TimeUnit.SECONDS)).as("runs under way").isTrue();
            c.close(); // would crash the JVM without the lifecycle lock
            for (Future<?> w : workers) {
                w.get(60, TimeUnit.SECONDS);
            }

            assertThat(unexpected).isEmpty();
            // Each worker stops after its first "closed": every run started either completed or
            // was refused, none vanished.
            assertThat(failedClosed.get()).isEqualTo(2);
            assertThat(completed.get() + failedClosed.get()).isEqualTo(started.get());
            assertThatThrownBy(() -> c.run(input, 1, SIZE, SIZE, List.of("logits")))
                    .isInstanceOf(InferenceException.class)
                    .hasMessageContaining("closed");
            c.close(); // twice is harmless
        } finally {
            stop.set(true);
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

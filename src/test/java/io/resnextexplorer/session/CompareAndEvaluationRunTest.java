package io.resnextexplorer.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.EvaluationReport;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.FolderAgreement;
import io.resnextexplorer.model.ImageAgreement;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compare and evaluation runs through the session core and the batch runner, on the tiny fixtures;
 * the executor is stepped by hand so "mid-run" is an exact place.
 */
class CompareAndEvaluationRunTest {
    private static final Path BICUBIC = ExportedModels.fixture("tiny_bicubic_095.onnx");
    private static final Path BILINEAR = ExportedModels.fixture("tiny_bilinear_0875.onnx");

    @TempDir Path dir;

    private final SessionCore core = SessionCore.withDefaults();
    private final Deque<Runnable> queue = new ArrayDeque<>();
    private final Executor stepped = queue::add;

    @AfterEach
    void close() {
        core.close();
    }

    private void drain() {
        while (!queue.isEmpty()) {
            queue.poll().run();
        }
    }

    private List<LoadedModel> models() {
        return List.of(
                core.load(BICUBIC, ExecutionProvider.CPU),
                core.load(BILINEAR, ExecutionProvider.CPU));
    }

    @Test
    void oneImageComparisonUsesEachModelsFullDistribution() throws Exception {
        ImageSource img = ImageSource.file(TestImages.png(dir.resolve("a.png"), 80, 60, 0x3366cc));
        ImageComparison c = core.compare(img, models());
        ImageAgreement a = c.agreement();
        assertThat(c.results()).allMatch(ImageResult::ok);
        assertThat(a.models()).containsExactly("tiny_bicubic_095", "tiny_bilinear_0875");
        assertThat(a.jsdBits()).isBetween(0.0, 1.0);
        assertThat(a.rankOfTop1()[0][0]).isEqualTo(1);
        assertThat(a.sameTop1())
                .isEqualTo(
                        c.results().get(0).classification().top1().index()
                                == c.results().get(1).classification().top1().index());
        assertThat(a.costs().get(0).latencyMs()).isPositive();
        assertThat(a.anyUntrained()).isTrue();
    }

    @Test
    void folderComparisonFillsRowsAndKeepsNothingInTheResultCache() throws Exception {
        List<ImageSource> images = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            images.add(
                    ImageSource.file(
                            TestImages.png(dir.resolve(i + ".png"), 70, 50, 0x202020 * (i + 1))));
        }
        List<LoadedModel> models = models();
        List<Integer> rows = new ArrayList<>();
        FolderComparison fc =
                FolderComparison.start(
                        core,
                        new BatchRunner(core, stepped),
                        images,
                        models,
                        new FolderComparison.Listener() {
                            @Override
                            public void onRow(
                                    int index, FolderAgreement.Row row, int done, int total) {
                                rows.add(index);
                            }
                        });
        queue.poll().run();
        assertThat(fc.snapshot().rows()).hasSize(1);
        drain();
        assertThat(rows).containsExactly(0, 1, 2, 3);
        FolderAgreement f = fc.finished().getNow(null);
        assertThat(f.rows()).hasSize(4);
        assertThat(f.bothOk()[0][1]).isEqualTo(4);
        assertThat(fc.results()).hasSize(8).allMatch(r -> r.classification().outputs().isEmpty());
        for (ImageSource s : images) {
            assertThat(core.cached(s, models.get(0).key())).isNull();
        }
        String json = ResultsWriter.folderJson(fc.results(), f);
        assertThat(json).contains("\"top1_agreement\"").contains("\"disagree\"");
    }

    @Test
    void evaluationRunFillsInCanBeCancelledAndMatchesClassify() throws Exception {
        Path root = dir.resolve("labelled");
        Path[] files = new Path[6];
        for (int i = 0; i < 6; i++) {
            Path d = Files.createDirectories(root.resolve("class " + (i % 3)));
            files[i] = TestImages.png(d.resolve(i + ".png"), 66, 54, 0x113355 * (i + 1));
        }
        LabelledFolder folder = LabelledFolder.scan(root);
        assertThat(folder.names()).containsExactly("class 0", "class 1", "class 2");
        LoadedModel m = models().get(0);
        EvaluationRun run =
                EvaluationRun.start(
                        core,
                        new BatchRunner(core, stepped),
                        folder,
                        List.of(m),
                        Map.of(),
                        new EvaluationRun.Listener() {});
        queue.poll().run();
        queue.poll().run();
        EvaluationReport partial = run.reports().get(0);
        assertThat(partial.images()).isEqualTo(2);
        assertThat(partial.done()).isFalse();
        assertThat(run.progress().done()).isEqualTo(2);
        assertThat(run.progress().etaSeconds()).isFinite();
        drain();
        EvaluationReport r = run.finished().getNow(null).get(0);
        assertThat(r.done()).isTrue();
        assertThat(r.images()).isEqualTo(6);
        // By hand from classify: top-1 right when the image's own top-1 is its folder's class.
        int right = 0;
        for (int i = 0; i < 6; i++) {
            ImageResult c = core.classify(ImageSource.file(files[i]), m);
            right += c.classification().top1().index() == i % 3 ? 1 : 0;
        }
        assertThat(r.top1().k()).isEqualTo(right);
        assertThat(r.perClass()).hasSize(3);
        assertThat(r.untrained()).isTrue();

        EvaluationRun cancelled =
                EvaluationRun.start(
                        core,
                        new BatchRunner(core, stepped),
                        folder,
                        List.of(m),
                        Map.of(),
                        new EvaluationRun.Listener() {});
        queue.poll().run();
        cancelled.cancel();
        drain();
        assertThat(cancelled.cancelled()).isTrue();
        assertThat(cancelled.finished().getNow(null).get(0).images()).isEqualTo(1);
        assertThat(cancelled.finished().getNow(null).get(0).done()).isFalse();
    }
}

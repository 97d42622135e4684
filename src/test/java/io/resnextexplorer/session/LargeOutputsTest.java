package io.resnextexplorer.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.inference.InferenceOptions;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.HeatmapMethod;
import io.resnextexplorer.model.Tensor;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.testing.TestImages;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results stay small (a full-size ResNeXt's 2048x7x7 feature map leaves the result for a bounded
 * store), yet a heatmap right after classification needs no second inference, and one whose map was
 * evicted costs exactly one and draws the same map.
 */
@Tag("python")
class LargeOutputsTest {
    @TempDir Path dir;

    @Test
    void featureMapsLeaveResultsAndComeBackForHeatmapsEvenAfterEviction() throws Exception {
        Path model = ExportedModels.seed("resnext50_32x4d");
        ImageSource a = ImageSource.file(TestImages.png(dir.resolve("a.png"), 300, 200, 0x3080c0));
        ImageSource b = ImageSource.file(TestImages.png(dir.resolve("b.png"), 200, 300, 0xc08030));
        // Room for one 400 KB feature map: classifying b evicts a's.
        try (SessionCore core =
                new SessionCore(
                        new ClassificationService(),
                        UrlFetcher.withDefaults(),
                        InferenceOptions.defaults(),
                        SessionCore.DEFAULT_DECODE_CACHE_BYTES,
                        600_000,
                        SessionCore.SlowCallGuard.ANY_THREAD)) {
            LoadedModel m = core.load(model, ExecutionProvider.CPU);
            ImageResult ra = core.classify(a, m);
            assertThat(ra.ok()).as(ra.error()).isTrue();
            for (Tensor t : ra.classification().outputs().values()) {
                assertThat(t.data().length).isLessThanOrEqualTo(ActivationStore.LARGE_FLOATS);
            }
            long runs = core.stats().inferences();
            HeatmapView first = core.heatmap(ra, m, HeatmapMethod.CAM, -1);
            assertThat(first.ok()).as(first.error()).isTrue();
            assertThat(core.stats().inferences()).isEqualTo(runs);

            core.classify(b, m);
            runs = core.stats().inferences();
            HeatmapView again = core.heatmap(ra, m, HeatmapMethod.CAM, -1);
            assertThat(again.ok()).as(again.error()).isTrue();
            assertThat(core.stats().inferences()).isEqualTo(runs + 1);
            assertThat(again.map().values()).isEqualTo(first.map().values());
        }
    }
}

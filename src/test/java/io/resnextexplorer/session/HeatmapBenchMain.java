package io.resnextexplorer.session;

import io.resnextexplorer.model.ActivationMap;
import io.resnextexplorer.model.Colormap;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.HeatmapMethod;
import io.resnextexplorer.model.RgbImage;
import io.resnextexplorer.service.LoadedModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Prints what a class switch costs once an image is classified: the CAM for a new class from the
 * kept feature map, plus drawing it over the photo, and the load and first-run figures. A
 * benchmark, not a test:
 *
 * <pre>
 * mvn -B -o -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.resnextexplorer.session.HeatmapBenchMain \
 *   -Dexec.args="target/models/resnext50_32x4d.onnx src/test/resources/fixtures/images/chelsea.png"
 * </pre>
 */
public final class HeatmapBenchMain {
    private HeatmapBenchMain() {}

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        Path image = Path.of(args[1]);
        int classes = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        try (SessionCore core = SessionCore.withDefaults()) {
            long t0 = System.nanoTime();
            LoadedModel loaded = core.load(model, ExecutionProvider.CPU);
            long t1 = System.nanoTime();
            ImageSource src = ImageSource.file(image);
            DecodedPicture picture = core.decode(src);
            ImageResult r = core.classify(picture, loaded, 5, false);
            long t2 = System.nanoTime();
            System.out.printf(
                    Locale.ROOT,
                    "%s: load %.0f ms (heatmaps: %s), first classify %.0f ms, inferences %d%n",
                    model.getFileName(),
                    (t1 - t0) / 1e6,
                    loaded.heatmap().available() ? "yes" : loaded.heatmap().reason(),
                    (t2 - t1) / 1e6,
                    core.stats().inferences());
            RgbImage rgb = picture.image();
            double[] camMs = new double[classes];
            double[] drawMs = new double[classes];
            int n = loaded.info().numClasses();
            for (int i = 0; i < classes; i++) {
                int cls = (i * 7919) % n;
                long a = System.nanoTime();
                HeatmapView v = core.heatmap(r, loaded, HeatmapMethod.CAM, cls);
                long b = System.nanoTime();
                ActivationMap m = v.map();
                core.render(rgb, loaded, m, Colormap.TURBO, 0.5, false);
                long c = System.nanoTime();
                camMs[i] = (b - a) / 1e6;
                drawMs[i] = (c - b) / 1e6;
            }
            for (String method : new String[] {"eigencam", "stage:layer1", "stage:layer4"}) {
                long a = System.nanoTime();
                HeatmapView v = core.heatmap(r, loaded, HeatmapMethod.parse(method), -1);
                System.out.printf(
                        Locale.ROOT,
                        "  %s: %.2f ms (%dx%d)%n",
                        method,
                        (System.nanoTime() - a) / 1e6,
                        v.map().width(),
                        v.map().height());
            }
            System.out.printf(
                    Locale.ROOT,
                    "  class switch over %d classes (after warm-up): CAM median %.3f ms p95 %.3f ms;"
                            + " draw on %dx%d median %.2f ms p95 %.2f ms; inferences still %d%n",
                    classes,
                    pct(camMs, 0.5),
                    pct(camMs, 0.95),
                    rgb.width(),
                    rgb.height(),
                    pct(drawMs, 0.5),
                    pct(drawMs, 0.95),
                    core.stats().inferences());
        }
    }

    private static double pct(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        // The first fifth is warm-up (JIT).
        double[] w = Arrays.copyOfRange(s, 0, s.length);
        return w[(int) Math.min(w.length - 1, Math.floor(p * w.length))];
    }
}

package io.resnextexplorer.session;

import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.RgbImage;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.service.LoadedModel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark, not a test: 1,000 classify calls in one process, printing the resident set size
 * (VmRSS, Linux) every 100 calls, to show native memory stays flat. Run:
 *
 * <pre>
 * mvn -B -o -q test-compile
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *   io.resnextexplorer.session.ClassifyRssMain [model.onnx] [calls]
 * </pre>
 */
public final class ClassifyRssMain {
    private ClassifyRssMain() {}

    public static void main(String[] args) throws Exception {
        // ONNX Runtime needs a big native stack: the main thread's is too small (SIGSEGV).
        NativeThreads.callWithBigStack(
                "rss-benchmark",
                () -> {
                    try {
                        run(args);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return null;
                });
    }

    private static void run(String[] args) throws Exception {
        Path model =
                Path.of(
                        args.length > 0
                                ? args[0]
                                : "src/test/resources/fixtures/tiny_bicubic_095.onnx");
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        ClassificationService service = new ClassificationService();
        byte[] rgb = new byte[640 * 480 * 3];
        new java.util.Random(1).nextBytes(rgb);
        RgbImage image = new RgbImage(640, 480, rgb);
        try (LoadedModel m = service.load(model, ExecutionProvider.CPU)) {
            for (int i = 1; i <= calls; i++) {
                service.classify(m, image, 5, false);
                if (i % 100 == 0 || i == 1) {
                    System.out.printf("calls %5d  rss %7.1f MB%n", i, rssMb());
                }
            }
        }
    }

    private static double rssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }
}

package io.resnextexplorer.onnx;

import io.resnextexplorer.model.graph.InspectionReport;
import io.resnextexplorer.service.InspectionTextFormatter;
import java.nio.file.Path;

/**
 * Reads and inspects one file and prints the report plus timing and heap figures, for the memory
 * test (run in a JVM with a small -Xmx) and for measuring by hand:
 *
 * <pre>
 * java -Xmx64m -cp target/classes:target/test-classes \
 *     io.resnextexplorer.onnx.InspectMain target/onnx-test-models/resnext101_32x8d.onnx
 * </pre>
 */
public final class InspectMain {
    private InspectMain() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        boolean layers = args.length > 1 && args[1].equals("--layers");
        Runtime rt = Runtime.getRuntime();
        long t0 = System.nanoTime();
        OnnxModel model = OnnxGraphReader.read(file);
        long t1 = System.nanoTime();
        InspectionReport report = ModelInspector.inspect(model, false);
        long t2 = System.nanoTime();
        String sha = ModelInspector.sha256(file);
        long t3 = System.nanoTime();
        rt.gc();
        long retained = rt.totalMemory() - rt.freeMemory();
        System.out.print(InspectionTextFormatter.format(report, layers));
        System.out.printf(
                "read_ms=%d inspect_ms=%d sha256_ms=%d sha256=%s max_heap_mb=%d"
                        + " retained_heap_mb=%.1f nodes=%d%n",
                (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000,
                (t3 - t2) / 1_000_000,
                sha,
                rt.maxMemory() >> 20,
                retained / 1048576.0,
                model.nodes().size());
        // Keep the model reachable until after the measurement.
        if (model.nodes().isEmpty()) {
            System.out.println();
        }
    }
}

package io.resnextexplorer.ui.inspector;

import io.resnextexplorer.testing.ExportedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.testfx.util.WaitForAsyncUtils;

/** Model files for inspector tests and a way to read FX state from the test thread. */
final class InspectorFixtures {
    private InspectorFixtures() {}

    static Path tiny() {
        return ExportedModels.fixture("tiny_bicubic_095.onnx");
    }

    static Path resnext50() {
        return ExportedModels.seed("resnext50_32x4d");
    }

    /** The tiny fixture cut in half: a truncated ONNX file. */
    static Path truncated(Path dir) throws IOException {
        byte[] all = Files.readAllBytes(tiny());
        Path cut = dir.resolve("cut.onnx");
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        return cut;
    }

    /** The tiny fixture with every metadata_props entry removed (python3 + onnx). */
    static Path withoutMetadata(Path dir) {
        Path out = dir.resolve("plain.onnx");
        ExportedModels.run(
                List.of(
                        ExportedModels.python(),
                        "-c",
                        "import sys, onnx\n"
                                + "m = onnx.load(sys.argv[1])\n"
                                + "del m.metadata_props[:]\n"
                                + "onnx.save(m, sys.argv[2])\n",
                        tiny().toString(),
                        out.toString()),
                5);
        return out;
    }

    /** Runs on the FX thread and returns the result. */
    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }

    /** Waits until the view model has finished loading (or failed). */
    static InspectorViewModel.State awaitDone(InspectorViewModel vm) throws Exception {
        WaitForAsyncUtils.waitFor(
                120, TimeUnit.SECONDS, () -> fx(vm::getState) != InspectorViewModel.State.LOADING);
        WaitForAsyncUtils.waitForFxEvents();
        return fx(vm::getState);
    }
}

package io.resnextexplorer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.testing.ExportedModels;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the REAL window (GTK glass, not Monocle) in a child JVM on the current display and checks
 * the screenshots it saves to target/screenshots/. Needs a display: run under {@code xvfb-run -a
 * mvn -B verify} (the "display" profile includes this tag) or {@code src/test/screenshots.sh}. Uses
 * models from the system property {@code screenshots.models} when given, else full-size random-init
 * seed exports.
 */
@Tag("display")
class ScreenshotsDisplayTest {
    static final List<String> SHOTS =
            List.of(
                    "01-empty-state.png",
                    "02-classified.png",
                    "03-error.png",
                    "04-dark.png",
                    "06-compare-image.png",
                    "07-compare-folder.png",
                    "08-evaluation.png",
                    "09-compare-dark.png");

    @Test
    void realWindowScreenshotsAreWritten() throws Exception {
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath();
        Path out = root.resolve("target/screenshots");
        Files.createDirectories(out);
        for (String s : SHOTS) {
            Files.deleteIfExists(out.resolve(s));
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-Dprism.order=sw");
        cmd.add("io.resnextexplorer.app.ScreenshotMain");
        cmd.add(out.toString());
        String models = System.getProperty("screenshots.models");
        if (models == null || models.isBlank()) {
            // The real service on full-size random-init exports (made once per build).
            Path dir = Files.createDirectories(root.resolve("target/screenshot-models"));
            for (String id : List.of("resnext50_32x4d", "tv_resnext50_32x4d")) {
                Path link = dir.resolve(id + ".onnx");
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, ExportedModels.seed(id));
                }
            }
            models = dir.toString();
        }
        cmd.add(models);
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(root.resolve("target/screenshots.log").toFile())
                        .start();
        // The compare shots load up to four full-size models: about a minute more.
        assertThat(p.waitFor(8, TimeUnit.MINUTES)).as("screenshot run finished").isTrue();
        assertThat(p.exitValue()).as("exit code, see target/screenshots.log").isZero();
        for (String s : SHOTS) {
            File f = out.resolve(s).toFile();
            assertThat(f).exists();
            BufferedImage img = ImageIO.read(f);
            assertThat(img.getWidth()).isGreaterThan(800);
            assertThat(distinctColours(img)).as(s + " is not blank").isGreaterThan(20);
        }
    }

    private static int distinctColours(BufferedImage img) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }
}

package io.resnextexplorer.ui.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.testing.ExportedModels;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real inspector window (GTK glass, not Monocle) on resnext50_32x4d in a child JVM and
 * checks the screenshots it saves to target/screenshots/. Needs a display: {@code xvfb-run -a mvn
 * -B test -Dtest='io.resnextexplorer.ui.inspector.**'}.
 */
@Tag("display")
class InspectorScreenshotsDisplayTest {
    static final List<String> SHOTS =
            List.of(
                    "inspector.png",
                    "inspector-layers.png",
                    "inspector-metadata.png",
                    "inspector-small.png",
                    "inspector-error.png",
                    "inspector-dark.png");

    @TempDir Path tmp;

    @Test
    void inspectorWindowScreenshotsAreWritten() throws Exception {
        Path root = ExportedModels.projectRoot();
        Path out = Files.createDirectories(root.resolve("target/screenshots"));
        for (String s : SHOTS) {
            Files.deleteIfExists(out.resolve(s));
        }
        Path model = InspectorFixtures.resnext50();
        Path broken = InspectorFixtures.truncated(tmp);
        Process p =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                "-Dprism.order=sw",
                                InspectorScreenshotMain.class.getName(),
                                out.toString(),
                                model.toString(),
                                broken.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(root.resolve("target/inspector-screenshots.log").toFile())
                        .start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("screenshot run finished").isTrue();
        assertThat(p.exitValue()).as("exit code, see target/inspector-screenshots.log").isZero();
        for (String s : SHOTS) {
            BufferedImage img = ImageIO.read(out.resolve(s).toFile());
            assertThat(img).as(s).isNotNull();
            assertThat(img.getWidth()).isGreaterThanOrEqualTo(1000);
            assertThat(distinctColours(img)).as(s + " is not blank").isGreaterThan(20);
        }
    }

    private static int distinctColours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 5) {
            for (int x = 0; x < img.getWidth(); x += 5) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }
}

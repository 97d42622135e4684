package io.resnextexplorer.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The models folders are watched: new, deleted and rewritten files are reported once settled. */
class ModelFolderWatcherTest {
    @TempDir Path dir;

    private final LinkedBlockingQueue<Set<Path>> events = new LinkedBlockingQueue<>();

    private Set<Path> next() throws InterruptedException {
        Set<Path> e = events.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("an event within 10 s").isNotNull();
        return e;
    }

    @Test
    void aNewADeletedAndARewrittenModelAreEachReported() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        try (ModelFolderWatcher w = new ModelFolderWatcher(List.of(models), events::add, 200)) {
            Path a = Files.write(models.resolve("a.onnx"), new byte[] {8, 8});
            assertThat(next()).containsExactly(a);

            Files.write(a, new byte[] {8, 8, 1, 2, 3});
            assertThat(next()).containsExactly(a);

            Files.delete(a);
            assertThat(next()).containsExactly(a);

            // Other files in the folder are not models: nothing is reported for them.
            Files.writeString(models.resolve("notes.txt"), "hello");
            assertThat(events.poll(1, TimeUnit.SECONDS)).isNull();
        }
    }

    @Test
    void aFileStillBeingWrittenIsReportedOnlyAfterItStopsChanging() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        try (ModelFolderWatcher w = new ModelFolderWatcher(List.of(models), events::add, 500)) {
            Path big = models.resolve("big.onnx");
            long start = System.nanoTime();
            try (OutputStream out = Files.newOutputStream(big)) {
                for (int i = 0; i < 10; i++) { // 1.5 s of writing, 150 ms apart
                    out.write(new byte[4096]);
                    out.flush();
                    Thread.sleep(150);
                }
            }
            long written = Files.size(big);
            Set<Path> e = next();
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(e).containsExactly(big);
            assertThat(elapsedMs).as("reported after the writes ended").isGreaterThan(1500);
            assertThat(written).isEqualTo(40960);
            // One report for the whole copy, not one per write.
            assertThat(events.poll(1, TimeUnit.SECONDS)).isNull();
        }
    }

    @Test
    void missingFoldersAreSkippedAndExistingOnesWatched() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        try (ModelFolderWatcher w =
                new ModelFolderWatcher(
                        List.of(dir.resolve("absent"), models, models), events::add, 200)) {
            assertThat(w.folders()).containsExactly(models.toAbsolutePath().normalize());
            Set<Path> all = new HashSet<>();
            Files.write(models.resolve("x.onnx"), new byte[] {8});
            all.addAll(next());
            assertThat(all).containsExactly(models.resolve("x.onnx"));
        }
    }
}

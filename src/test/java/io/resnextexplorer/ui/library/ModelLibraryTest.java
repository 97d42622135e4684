package io.resnextexplorer.ui.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLibraryTest {
    @TempDir Path dir;

    @Test
    void seedsAreAlwaysListedFirstMissingOnesWithTheirExportCommand() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(a.resolve("resnext50d_32x4d.onnx"), "x");
        Files.writeString(b.resolve("resnext50_32x4d.ra_in1k.onnx"), "x");
        Files.writeString(b.resolve("custom.onnx"), "x");
        Files.writeString(b.resolve("notes.txt"), "x");
        Path opened = Files.writeString(dir.resolve("elsewhere.onnx"), "x");
        ModelLibrary lib =
                new ModelLibrary(
                        List.of(new ModelLibrary.Folder(a, "A"), new ModelLibrary.Folder(b, "B")),
                        "~/.resnext-explorer/models");

        List<ModelEntry> entries = lib.scan(List.of(opened, dir.resolve("gone.onnx")));

        assertThat(entries)
                .extracting(ModelEntry::id)
                .containsExactly(
                        "resnext50_32x4d",
                        "resnext50d_32x4d",
                        "tv_resnext50_32x4d",
                        "resnext101_32x8d",
                        "custom",
                        "elsewhere");
        assertThat(entries.get(0).file().getFileName().toString())
                .isEqualTo("resnext50_32x4d.ra_in1k.onnx");
        assertThat(entries.get(1).where()).isEqualTo("A");
        assertThat(entries.get(2).present()).isFalse();
        assertThat(entries.get(2).exportCommand())
                .isEqualTo(
                        "python onnx-export/export.py tv_resnext50_32x4d --out ~/.resnext-explorer/models");
        assertThat(entries.get(5).where()).isEqualTo("opened");
    }

    @Test
    void similarNamesDoNotMatchTheWrongSeed() {
        assertThat(ModelLibrary.matchesSeed(Path.of("resnext50d_32x4d.onnx"), "resnext50_32x4d"))
                .isFalse();
        assertThat(ModelLibrary.matchesSeed(Path.of("tv_resnext50_32x4d.onnx"), "resnext50_32x4d"))
                .isFalse();
        assertThat(ModelLibrary.matchesSeed(Path.of("RESNEXT50_32x4d.onnx"), "resnext50_32x4d"))
                .isTrue();
    }

    @Test
    void aFineTuneIsItsOwnEntryAndLeavesItsBaseSeedsSlotAlone() throws Exception {
        // The names the exporter gives fine-tunes of resnext50_32x4d (checkpoint stem, or the
        // stem with its '.' made '-' when it would read as a tag of the card).
        Files.writeString(dir.resolve("ft5.onnx"), "x");
        Files.writeString(dir.resolve("resnext50_32x4d-ft5.onnx"), "x");
        ModelLibrary lib = new ModelLibrary(List.of(new ModelLibrary.Folder(dir, "M")), "~/models");

        List<ModelEntry> entries = lib.scan(List.of());

        assertThat(entries.get(0).id()).isEqualTo("resnext50_32x4d");
        assertThat(entries.get(0).present()).isFalse();
        assertThat(entries.subList(4, entries.size()))
                .extracting(ModelEntry::id, ModelEntry::seed, ModelEntry::present)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ft5", false, true),
                        org.assertj.core.groups.Tuple.tuple("resnext50_32x4d-ft5", false, true));
    }

    @Test
    void anInt8VariantIsItsOwnEntryBesideItsFp32SeedInTheSeedsSlot() throws Exception {
        // export.py --int8 writes <id>-int8.onnx next to <id>.onnx (onnx-export/README.md).
        Path fp32 = Files.writeString(dir.resolve("resnext50_32x4d.onnx"), "x");
        Path int8 = Files.writeString(dir.resolve("resnext50_32x4d-int8.onnx"), "x");
        ModelLibrary lib = new ModelLibrary(List.of(new ModelLibrary.Folder(dir, "M")), "~/models");

        List<ModelEntry> entries = lib.scan(List.of());

        assertThat(entries.get(0))
                .extracting(ModelEntry::id, ModelEntry::file, ModelEntry::seed)
                .containsExactly("resnext50_32x4d", fp32, true);
        assertThat(entries.subList(4, entries.size()))
                .extracting(ModelEntry::id, ModelEntry::file, ModelEntry::seed)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("resnext50_32x4d-int8", int8, false));
    }
}

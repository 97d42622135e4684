package io.resnextexplorer.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.testing.ExportedModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders become sorted lists of images, found by content, on a real file system. */
class ImageFilesTest {
    @TempDir Path tmp;

    private byte[] png;
    private byte[] jpeg;

    @BeforeEach
    void readImages() throws IOException {
        Path images = ExportedModels.projectRoot().resolve("src/test/resources/fixtures/images");
        png = Files.readAllBytes(images.resolve("made_37x29.png"));
        // A JPEG's signature is all the sniffer reads; the rest need not decode.
        jpeg = new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16};
    }

    private Path write(String relative, byte[] content) throws IOException {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.write(p, content);
    }

    @Test
    void nestedFoldersAreSearchedAndSortedByPath() throws IOException {
        Path b = write("photos/b.png", png);
        Path a = write("photos/a.png", png);
        Path deep = write("photos/2024/summer/beach.png", png);
        Path c = write("photos/c.png", png);

        ImageFiles.Expansion e = ImageFiles.expand(List.of(tmp.resolve("photos")));

        assertThat(e.images()).containsExactly(deep, a, b, c);
        assertThat(e.notes()).isEmpty();
    }

    @Test
    void sameNamedFilesInTwoFoldersAreBothKept() throws IOException {
        Path one = write("x/cat.png", png);
        Path two = write("y/cat.png", png);

        assertThat(ImageFiles.expand(List.of(tmp)).images()).containsExactly(one, two);
    }

    @Test
    void filesInFoldersAreKeptByContentNotByExtension() throws IOException {
        Path noExtension = write("d/IMG_0001", jpeg);
        Path wrongExtension = write("d/scan.txt", png);
        write("d/notes.jpg", "hello, not a picture\n".getBytes(StandardCharsets.UTF_8));
        write("d/empty.png", new byte[0]);
        write("d/.DS_Store", new byte[] {0, 0, 0, 1, 'B', 'u', 'd', '1'});

        assertThat(ImageFiles.expand(List.of(tmp.resolve("d"))).images())
                .containsExactly(noExtension, wrongExtension);
    }

    @Test
    void explicitlyNamedFilesAreKeptAsGivenEvenIfNotImagesOrMissing() throws IOException {
        Path text = write("notes.jpg", "not a picture".getBytes(StandardCharsets.UTF_8));
        Path missing = tmp.resolve("missing.png");
        Path folderImage = write("f/z.png", png);

        assertThat(ImageFiles.expand(List.of(missing, tmp.resolve("f"), text)).images())
                .containsExactly(missing, folderImage, text);
    }

    @Test
    void aSymlinkLoopEndsWithANoteAndTheImagesAreStillFound() throws IOException {
        Path inner = write("loop/inner/cat.png", png);
        Files.createSymbolicLink(tmp.resolve("loop/inner/back"), tmp.resolve("loop"));

        ImageFiles.Expansion e = ImageFiles.expand(List.of(tmp.resolve("loop")));

        assertThat(e.images()).containsExactly(inner);
        assertThat(e.notes()).singleElement().asString().contains("back").contains("link");
    }

    @Test
    void symlinkedFoldersThatAreNotLoopsAreFollowed() throws IOException {
        write("elsewhere/dog.png", png);
        Files.createDirectories(tmp.resolve("album"));
        Files.createSymbolicLink(tmp.resolve("album/linked"), tmp.resolve("elsewhere"));

        assertThat(ImageFiles.expand(List.of(tmp.resolve("album"))).images())
                .containsExactly(tmp.resolve("album/linked/dog.png"));
    }

    @Test
    void anEmptyFolderGivesNoImages() throws IOException {
        Files.createDirectories(tmp.resolve("empty"));

        assertThat(ImageFiles.expand(List.of(tmp.resolve("empty"))).images()).isEmpty();
    }
}

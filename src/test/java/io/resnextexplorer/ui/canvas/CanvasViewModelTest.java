package io.resnextexplorer.ui.canvas;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.session.ImageSource;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CanvasViewModelTest {
    @Test
    void droppedUrlsBecomeSources() {
        assertThat(CanvasViewModel.fromUrl("https://example.org/a/cat.jpg"))
                .isEqualTo(new ImageSource.UrlSource(URI.create("https://example.org/a/cat.jpg")));
        // text/uri-list: comments and blank lines are skipped, the first URL wins
        assertThat(
                        CanvasViewModel.fromUrl(
                                "# from firefox\r\nhttp://x.org/b.png\r\nhttp://x.org/c.png"))
                .isEqualTo(new ImageSource.UrlSource(URI.create("http://x.org/b.png")));
        assertThat(CanvasViewModel.fromUrl("file:///tmp/d.png"))
                .isEqualTo(new ImageSource.FileSource(Path.of("/tmp/d.png")));
        assertThat(CanvasViewModel.fromUrl("javascript:alert(1)")).isNull();
        assertThat(CanvasViewModel.fromUrl("not a url at all")).isNull();
    }

    @Test
    void onnxFilesAreRecognised() {
        assertThat(CanvasViewModel.isOnnx(Path.of("m/Model.ONNX"))).isTrue();
        assertThat(CanvasViewModel.isOnnx(Path.of("cat.jpg"))).isFalse();
    }
}

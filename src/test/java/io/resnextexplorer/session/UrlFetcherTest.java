package io.resnextexplorer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resnextexplorer.testing.TinyHttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class UrlFetcherTest {
    @Test
    void dataUrlsAreDecodedAndCapped() {
        byte[] data = new byte[100];
        data[0] = (byte) 0x89;
        String url = "data:image/png;base64," + Base64.getEncoder().encodeToString(data);
        assertThat(new UrlFetcher(Duration.ofSeconds(1), 1000).fetch(URI.create(url)))
                .isEqualTo(data);
        assertThatThrownBy(() -> new UrlFetcher(Duration.ofSeconds(1), 10).fetch(URI.create(url)))
                .hasMessageContaining("too large");
    }

    @Test
    void httpDownloadsAreCappedAndStatusErrorsExplained() throws Exception {
        try (TinyHttpServer server = new TinyHttpServer()) {
            server.put("/small.png", new byte[500]).put("/big.png", new byte[5000]);
            UrlFetcher f = new UrlFetcher(Duration.ofSeconds(5), 1000);
            assertThat(f.fetch(URI.create(server.url("/small.png")))).hasSize(500);
            assertThatThrownBy(() -> f.fetch(URI.create(server.url("/big.png"))))
                    .hasMessageContaining("too large");
            assertThatThrownBy(() -> f.fetch(URI.create(server.url("/missing.png"))))
                    .hasMessageContaining("HTTP 404");
        }
    }

    @Test
    void otherSchemesAreRefusedWithAReason() {
        assertThatThrownBy(
                        () ->
                                UrlFetcher.withDefaults()
                                        .fetch(URI.create("ftp://example.org/a.png")))
                .hasMessageContaining("cannot fetch ftp");
    }

    @Test
    void unreachableHostsFailWithAMessageNotAHang() {
        // Port 9 on localhost: connection refused at once.
        assertThatThrownBy(
                        () ->
                                new UrlFetcher(Duration.ofSeconds(2), 1000)
                                        .fetch(URI.create("http://127.0.0.1:9/cat.jpg")))
                .hasMessageContaining("could not download");
    }

    @Test
    void urlSourcesAreNamedByTheirLastPathSegment() {
        assertThat(new ImageSource.UrlSource(URI.create("https://x.org/img/cat.jpg?s=2")).name())
                .isEqualTo("cat.jpg");
        assertThat(new ImageSource.UrlSource(URI.create("https://x.org/")).name())
                .isEqualTo("x.org");
    }
}

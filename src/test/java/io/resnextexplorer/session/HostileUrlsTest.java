package io.resnextexplorer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.resnextexplorer.inference.InferenceOptions;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.testing.TestImages;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * URLs dropped from a browser, fetched from a real localhost HTTP server (the JDK's) through the
 * session core, so each message is the one the window shows next to the image.
 */
class HostileUrlsTest {
    private static final long CAP = 200_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @TempDir Path dir;

    private HttpServer server;
    private HttpServer other; // the same machine under another host name
    private SessionCore core;
    private byte[] png;

    @BeforeEach
    void start() throws Exception {
        png = Files.readAllBytes(TestImages.png(dir.resolve("cat.png"), 64, 48, 0x336699));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext(
                "/cdn/cat.png",
                x -> {
                    x.getResponseHeaders().add("Content-Type", "image/png");
                    x.sendResponseHeaders(200, png.length);
                    x.getResponseBody().write(png);
                    x.close();
                });
        server.createContext(
                "/cat.png",
                x -> {
                    x.sendResponseHeaders(200, png.length);
                    x.getResponseBody().write(png);
                    x.close();
                });
        server.createContext(
                "/page.png",
                x -> {
                    byte[] html =
                            "<!DOCTYPE html><html><body>Sign in to see this image</body></html>"
                                    .getBytes(StandardCharsets.UTF_8);
                    x.getResponseHeaders().add("Content-Type", "text/html");
                    x.sendResponseHeaders(200, html.length);
                    x.getResponseBody().write(html);
                    x.close();
                });
        server.createContext(
                "/slow-headers.png",
                x -> {
                    sleep(TIMEOUT.toMillis() * 3);
                    x.close();
                });
        server.createContext(
                "/trickle.png",
                x -> {
                    x.sendResponseHeaders(200, 0); // chunked
                    OutputStream out = x.getResponseBody();
                    try {
                        for (int i = 0; i < 100; i++) { // one byte every 100 ms: 10 s in all
                            out.write(png[i]);
                            out.flush();
                            sleep(100);
                        }
                    } catch (java.io.IOException e) {
                        // the client gave up: as it should
                    }
                    x.close();
                });
        server.createContext(
                "/endless.png",
                x -> {
                    x.sendResponseHeaders(200, 0); // chunked, no Content-Length
                    OutputStream out = x.getResponseBody();
                    byte[] block = new byte[64 * 1024];
                    try {
                        for (int i = 0; i < 10_000; i++) { // 640 MB if nobody stops it
                            out.write(block);
                        }
                    } catch (java.io.IOException e) {
                        // the client cancelled at the cap
                    }
                    x.close();
                });
        server.createContext(
                "/declared-huge.png",
                x -> {
                    x.sendResponseHeaders(200, 5L << 30); // says 5 GB, sends nothing
                    x.close();
                });
        server.createContext(
                "/moved.png",
                x -> {
                    // To another host: "localhost" instead of 127.0.0.1, another port.
                    x.getResponseHeaders()
                            .add(
                                    "Location",
                                    "http://localhost:"
                                            + other.getAddress().getPort()
                                            + "/cdn/cat.png");
                    x.sendResponseHeaders(302, -1);
                    x.close();
                });
        server.createContext(
                "/loop.png",
                x -> {
                    x.getResponseHeaders().add("Location", "/loop.png");
                    x.sendResponseHeaders(302, -1);
                    x.close();
                });
        server.start();
        other.start();
        core =
                new SessionCore(
                        new ClassificationService(),
                        new UrlFetcher(TIMEOUT, CAP),
                        InferenceOptions.defaults(),
                        0,
                        SessionCore.SlowCallGuard.ANY_THREAD);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        other.stop(0);
        core.close();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ImageSource url(String path) {
        return ImageSource.url(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path));
    }

    private String error(ImageSource s) {
        try {
            core.decode(s);
        } catch (ImageFailedException e) {
            return e.getMessage();
        }
        throw new AssertionError("decoded: " + s);
    }

    @Test
    void anImageUrlIsFetchedAndDecoded() {
        assertThat(core.decode(url("/cat.png")).image().width()).isEqualTo(64);
    }

    @Test
    void aMissingImageSaysHttp404() {
        assertThat(error(url("/missing.png"))).isEqualTo("could not download 127.0.0.1: HTTP 404");
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        long t0 = System.nanoTime();
        assertThat(error(url("/slow-headers.png"))).isEqualTo("download timed out after 2 s");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5.0);
    }

    @Test
    void aBodyThatTricklesTimesOutAtTheSameDeadline() {
        long t0 = System.nanoTime();
        assertThat(error(url("/trickle.png"))).isEqualTo("download timed out after 2 s");
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds").isLessThan(5.0);
    }

    @Test
    void anEndlessBodyIsCutAtTheCapAndADeclaredHugeOneIsRefusedAtOnce() {
        long before = usedHeap();
        assertThat(error(url("/endless.png"))).isEqualTo("download too large (over 0 MB)");
        assertThat(usedHeap() - before).as("bytes kept").isLessThan(64L << 20);
        assertThat(error(url("/declared-huge.png"))).isEqualTo("download too large (over 0 MB)");
    }

    @Test
    void aWebPageInsteadOfAnImageIsNamedAsSuch() {
        assertThat(error(url("/page.png"))).containsIgnoringCase("not an image").contains("HTML");
    }

    @Test
    void aRedirectToAnotherHostIsFollowedAndALoopEndsWithAReason() {
        assertThat(core.decode(url("/moved.png")).image().height()).isEqualTo(48);
        assertThat(error(url("/loop.png"))).contains("too many redirects");
    }

    @Test
    void dataUrlsDecodeAndBadOnesSayWhy() {
        String ok = "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
        assertThat(core.decode(ImageSource.url(URI.create(ok))).image().width()).isEqualTo(64);
        String text =
                "data:text/plain;base64,"
                        + Base64.getEncoder()
                                .encodeToString("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(error(ImageSource.url(URI.create(text)))).containsIgnoringCase("not an image");
        assertThat(error(ImageSource.url(URI.create("data:image/png,rawbytes"))))
                .isEqualTo("unsupported data: URL (not base64)");
        String huge =
                "data:image/png;base64,"
                        + Base64.getEncoder().encodeToString(new byte[(int) CAP * 2]);
        assertThat(error(ImageSource.url(URI.create(huge)))).startsWith("download too large");
        assertThatThrownBy(() -> core.decode(ImageSource.url(URI.create("file:///etc/passwd"))))
                .hasMessageContaining("cannot fetch file: URLs");
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}

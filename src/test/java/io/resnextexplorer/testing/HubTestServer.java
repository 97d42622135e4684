package io.resnextexplorer.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A localhost server laid out like the Hugging Face Hub for tests: {@code
 * /{org}/{name}/resolve/{revision}/{file}} serves {@code root/{org}/{name}/{file}} with an {@code
 * X-Repo-Commit} header. {@code model.safetensors} answers with a 302 to {@code /lfs/...} carrying
 * {@code X-Linked-Etag} (the sha256) and {@code X-Linked-Size}, as the Hub does for large files;
 * the LFS address honours {@code Range: bytes=N-}.
 *
 * <p>Faults for tests: {@link #cutOnceAfter(long)} closes the connection after that many body bytes
 * (once), {@link #advertiseWrongSha()} gives a wrong sha256, {@link #status(int)} answers every
 * resolve with that status, {@link #throttle(long)} sleeps 1 ms per that many bytes.
 */
public final class HubTestServer implements AutoCloseable {
    /** The commit every repo is "at". */
    public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private static final Pattern RESOLVE = Pattern.compile("^/([^/]+/[^/]+)/resolve/([^/]+)/(.+)$");
    private static final Pattern LFS = Pattern.compile("^/lfs/([^/]+/[^/]+)/(.+)$");

    private final HttpServer server;
    private final ExecutorService pool =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "hub-test-server");
                        t.setDaemon(true);
                        return t;
                    });
    private final Path root;
    private final Map<Path, String> shaCache = new ConcurrentHashMap<>();
    private final AtomicLong cutAfter = new AtomicLong(-1);
    private final AtomicInteger forcedStatus = new AtomicInteger(0);
    private final AtomicInteger rangeRequests = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile boolean wrongSha;
    private volatile long throttleBytes;

    public HubTestServer(Path root) throws IOException {
        this.root = root;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** e.g. http://127.0.0.1:PORT */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public HubTestServer cutOnceAfter(long bytes) {
        cutAfter.set(bytes);
        return this;
    }

    public HubTestServer advertiseWrongSha() {
        wrongSha = true;
        return this;
    }

    public HubTestServer status(int status) {
        forcedStatus.set(status);
        return this;
    }

    /** Slows the LFS transfer: 1 ms of sleep per {@code bytes} sent (0 = full speed). */
    public HubTestServer throttle(long bytes) {
        throttleBytes = bytes;
        return this;
    }

    /** How many LFS requests asked for a range. */
    public int rangeRequests() {
        return rangeRequests.get();
    }

    /** How many connections were cut. */
    public int cuts() {
        return cuts.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            Matcher r = RESOLVE.matcher(path);
            Matcher l = LFS.matcher(path);
            if (r.matches()) {
                if (forcedStatus.get() != 0) {
                    send(ex, forcedStatus.get(), "forced");
                    return;
                }
                Path file = root.resolve(r.group(1)).resolve(r.group(3));
                if (!Files.isRegularFile(file)) {
                    ex.getResponseHeaders().add("X-Error-Code", "EntryNotFound");
                    send(ex, 404, "Entry not found");
                    return;
                }
                ex.getResponseHeaders().add("X-Repo-Commit", COMMIT);
                if (r.group(3).endsWith(".safetensors")) {
                    String sha = wrongSha ? "f".repeat(64) : sha256(file);
                    ex.getResponseHeaders().add("X-Linked-Etag", "\"" + sha + "\"");
                    ex.getResponseHeaders().add("X-Linked-Size", String.valueOf(Files.size(file)));
                    ex.getResponseHeaders()
                            .add("Location", "/lfs/" + r.group(1) + "/" + r.group(3));
                    ex.sendResponseHeaders(302, -1);
                    return;
                }
                body(ex, file, false);
            } else if (l.matches()) {
                body(ex, root.resolve(l.group(1)).resolve(l.group(2)), true);
            } else {
                send(ex, 404, "no such route");
            }
        }
    }

    private void body(HttpExchange ex, Path file, boolean lfs) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int start = 0;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null && range.startsWith("bytes=")) {
            rangeRequests.incrementAndGet();
            start = Integer.parseInt(range.substring(6, range.indexOf('-')));
            if (start >= all.length) {
                ex.getResponseHeaders().add("Content-Range", "bytes */" + all.length);
                ex.sendResponseHeaders(416, -1);
                return;
            }
            ex.getResponseHeaders()
                    .add(
                            "Content-Range",
                            "bytes " + start + "-" + (all.length - 1) + "/" + all.length);
            ex.sendResponseHeaders(206, all.length - start);
        } else {
            ex.sendResponseHeaders(200, all.length);
        }
        long cut = lfs ? cutAfter.getAndSet(-1) : -1;
        OutputStream out = ex.getResponseBody();
        int pos = start;
        int chunk = 1 << 14;
        while (pos < all.length) {
            int n = Math.min(chunk, all.length - pos);
            if (cut >= 0 && pos - start + n > cut) {
                out.write(all, pos, (int) Math.max(0, cut - (pos - start)));
                out.flush();
                cuts.incrementAndGet();
                // Closing the exchange short of Content-Length ends the connection mid-body.
                return;
            }
            out.write(all, pos, n);
            pos += n;
            if (lfs && throttleBytes > 0) {
                try {
                    Thread.sleep(Math.max(1, n / throttleBytes));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        out.flush();
    }

    private static void send(HttpExchange ex, int status, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    private String sha256(Path file) {
        return shaCache.computeIfAbsent(
                file,
                f -> {
                    try {
                        return HexFormat.of()
                                .formatHex(
                                        MessageDigest.getInstance("SHA-256")
                                                .digest(Files.readAllBytes(f)));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}

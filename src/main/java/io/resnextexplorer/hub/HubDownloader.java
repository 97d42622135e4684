package io.resnextexplorer.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one file of a Hub repo, {@code {endpoint}/{repo}/resolve/{revision}/{file}}, the way
 * the Hub serves it: redirects followed (large files live behind one), {@code X-Repo-Commit} and,
 * for large files, {@code X-Linked-Etag} (the sha256) and {@code X-Linked-Size} read from any
 * response of the chain.
 *
 * <p>The body streams into {@code <target>.part}; an interrupted transfer is resumed with an HTTP
 * Range request (here, and in a later run: the part file stays). Free disk space is checked before
 * the transfer, the sha256 is checked against the Hub's value when it gives one (a mismatch deletes
 * the part file and fails), and the finished file is moved into place atomically. System proxy
 * settings apply ({@link ProxySelector#getDefault()}).
 */
public final class HubDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(HubDownloader.class);
    private static final int MAX_REDIRECTS = 10;

    /** Automatic resumes within one call after the connection broke mid-file. */
    private static final int MAX_RESUMES = 5;

    /** Bytes so far of one file; {@code total} is -1 when the server did not say. */
    public interface Progress {
        void bytes(String file, long done, long total);
    }

    /**
     * A finished download.
     *
     * @param file where it now is
     * @param commit the repo commit the Hub served it from ({@code X-Repo-Commit}), empty if none
     * @param sha256 hex sha256 of the file
     * @param checked whether the sha256 was checked against the Hub's {@code X-Linked-Etag}
     */
    public record Result(Path file, String commit, String sha256, boolean checked) {}

    /** The user cancelled; the part file is kept for a later resume. */
    public static final class CancelledException extends HubException {
        private static final long serialVersionUID = 1L;

        public CancelledException(String message) {
            super(message);
        }
    }

    private final HttpClient client;
    private final String endpoint;

    /**
     * @param client the HTTP client (see {@link #defaultClient()}); it must not follow redirects
     *     itself, this class does so to see every response's headers
     * @param endpoint the Hub URL, e.g. "https://huggingface.co" (no trailing slash needed)
     */
    public HubDownloader(HttpClient client, String endpoint) {
        this.client = client;
        this.endpoint = endpoint.replaceAll("/+$", "");
    }

    /** An HTTP client with the system proxies, a connect timeout, and no automatic redirects. */
    public static HttpClient defaultClient() {
        return HttpClient.newBuilder()
                .proxy(ProxySelector.getDefault())
                .connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The Hub endpoint: {@code override} if given, else {@code HF_ENDPOINT}, else the Hub. */
    public static String endpoint(String override) {
        if (override != null && !override.isBlank()) {
            return override.trim();
        }
        String env = System.getenv("HF_ENDPOINT");
        return env != null && !env.isBlank() ? env.trim() : "https://huggingface.co";
    }

    /** The resolve URL of a file. */
    public URI resolveUrl(String repo, String revision, String file) {
        return URI.create(
                endpoint
                        + "/"
                        + repo
                        + "/resolve/"
                        + URLEncoder.encode(revision, StandardCharsets.UTF_8)
                        + "/"
                        + file);
    }

    /**
     * Downloads {@code file} of {@code repo} at {@code revision} to {@code target}.
     *
     * @param extraSpace bytes that must stay free after the download (e.g. for the ONNX built from
     *     it)
     * @param cancelled polled while streaming; true stops with {@link CancelledException}
     * @throws HubException with a message in words: offline, not found, refused, disk full,
     *     checksum mismatch, cancelled
     */
    public Result download(
            String repo,
            String revision,
            String file,
            Path target,
            long extraSpace,
            Progress progress,
            BooleanSupplier cancelled)
            throws HubException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        URI url = resolveUrl(repo, revision, file);
        String commit = "";
        String expectedSha = "";
        long expectedSize = -1;
        int resumes = 0;
        while (true) {
            long have = size(part);
            Response r = open(url, have, repo, file);
            commit = r.commit.isEmpty() ? commit : r.commit;
            expectedSha = r.sha256.isEmpty() ? expectedSha : r.sha256;
            expectedSize = r.linkedSize >= 0 ? r.linkedSize : expectedSize;
            try (InputStream body = r.response.body()) {
                if (r.response.statusCode() == 416) {
                    // Nothing left to send: the part file is already whole (or wrong: checked
                    // below).
                    break;
                }
                boolean append = r.response.statusCode() == 206 && have > 0;
                if (r.response.statusCode() == 206) {
                    long start = contentRangeStart(r.response);
                    if (start != have) {
                        append = false;
                        LOG.info(
                                "{}: server resumed at {} not {}, starting over",
                                file,
                                start,
                                have);
                    }
                }
                if (!append) {
                    have = 0;
                }
                long length = r.response.headers().firstValueAsLong("Content-Length").orElse(-1);
                long total = expectedSize >= 0 ? expectedSize : (length >= 0 ? have + length : -1);
                checkSpace(target.getParent(), total >= 0 ? total - have : 0, extraSpace);
                long done = have;
                boolean finished = false;
                try (OutputStream out =
                        Files.newOutputStream(
                                part,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE,
                                append
                                        ? StandardOpenOption.APPEND
                                        : StandardOpenOption.TRUNCATE_EXISTING)) {
                    byte[] buf = new byte[1 << 16];
                    progress.bytes(file, done, total);
                    int n;
                    while (true) {
                        if (cancelled.getAsBoolean()) {
                            throw new CancelledException(
                                    "download of "
                                            + repo
                                            + "/"
                                            + file
                                            + " cancelled ("
                                            + mb(done)
                                            + " kept, it resumes next time)");
                        }
                        try {
                            n = body.read(buf);
                        } catch (IOException e) {
                            if (resumes++ < MAX_RESUMES && done > have) {
                                LOG.info(
                                        "{}: connection broke at {} bytes ({}), resuming",
                                        file,
                                        done,
                                        e.getMessage());
                                break;
                            }
                            throw new HubException(
                                    "the connection to "
                                            + host()
                                            + " broke while downloading "
                                            + file
                                            + " ("
                                            + mb(done)
                                            + " of "
                                            + (total >= 0 ? mb(total) : "?")
                                            + "): "
                                            + e.getMessage()
                                            + ". Run it again to resume.",
                                    e);
                        }
                        if (n < 0) {
                            finished = true;
                            break;
                        }
                        try {
                            out.write(buf, 0, n);
                        } catch (IOException e) {
                            throw diskError(target.getParent(), e);
                        }
                        done += n;
                        progress.bytes(file, done, total);
                    }
                } catch (FileSystemException e) {
                    throw diskError(target.getParent(), e);
                }
                if (finished) {
                    if (total >= 0 && done != total) {
                        if (resumes++ < MAX_RESUMES && done > have) {
                            continue;
                        }
                        throw new HubException(
                                file
                                        + ": the server sent "
                                        + done
                                        + " bytes, "
                                        + total
                                        + " were announced");
                    }
                    break;
                }
            } catch (IOException e) {
                throw new HubException(
                        "cannot read " + file + " from " + host() + ": " + e.getMessage(), e);
            }
        }
        String sha = sha256(part);
        long got = size(part);
        if (expectedSize >= 0 && got != expectedSize) {
            delete(part);
            throw new HubException(
                    file
                            + " has "
                            + got
                            + " bytes, the Hub says "
                            + expectedSize
                            + "; deleted, try again");
        }
        boolean checked = !expectedSha.isEmpty();
        if (checked && !expectedSha.equalsIgnoreCase(sha)) {
            delete(part);
            throw new HubException(
                    "checksum mismatch for "
                            + repo
                            + "/"
                            + file
                            + ": the download's sha256 is "
                            + sha
                            + " but the Hub says "
                            + expectedSha
                            + ". The file was deleted; try again (a proxy or a broken transfer can do this).");
        }
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            try {
                Files.move(
                        part,
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new HubException(
                    "cannot move the download into place at " + target + ": " + e.getMessage(), e);
        }
        return new Result(target, commit, sha, checked);
    }

    /** One response after redirects, with the Hub headers seen anywhere on the way. */
    private record Response(
            HttpResponse<InputStream> response, String commit, String sha256, long linkedSize) {}

    private Response open(URI url, long rangeStart, String repo, String file) throws HubException {
        URI current = url;
        String commit = "";
        String sha = "";
        long linkedSize = -1;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder req =
                    HttpRequest.newBuilder(current)
                            .timeout(Duration.ofSeconds(60))
                            .header("User-Agent", "resnext-explorer")
                            .GET();
            if (rangeStart > 0) {
                req.header("Range", "bytes=" + rangeStart + "-");
            }
            HttpResponse<InputStream> resp;
            try {
                resp = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpConnectTimeoutException | ConnectException e) {
                throw new HubException(
                        "cannot reach "
                                + current.getHost()
                                + " ("
                                + describe(e)
                                + "): are you offline? Check the network or proxy, or set --endpoint /"
                                + " HF_ENDPOINT to a reachable Hub mirror.",
                        e);
            } catch (HttpTimeoutException e) {
                throw new HubException(
                        current.getHost() + " did not answer in time: " + describe(e), e);
            } catch (IOException e) {
                throw new HubException(
                        "cannot reach "
                                + current.getHost()
                                + ": "
                                + describe(e)
                                + " (offline, or a proxy in the way?)",
                        e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("download of " + file + " interrupted");
            }
            var h = resp.headers();
            commit = h.firstValue("X-Repo-Commit").orElse(commit);
            sha = h.firstValue("X-Linked-Etag").map(HubDownloader::etag).orElse(sha);
            linkedSize = h.firstValueAsLong("X-Linked-Size").orElse(linkedSize);
            int status = resp.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                Optional<String> loc = h.firstValue("Location");
                closeQuietly(resp);
                if (loc.isEmpty()) {
                    throw new HubException(
                            current.getHost() + " redirected " + file + " without a Location");
                }
                current = current.resolve(loc.get());
                continue;
            }
            if (status == 200 || status == 206 || status == 416) {
                return new Response(resp, commit, sha, linkedSize);
            }
            closeQuietly(resp);
            throw statusError(status, repo, file, current);
        }
        throw new HubException("too many redirects for " + repo + "/" + file);
    }

    private HubException statusError(int status, String repo, String file, URI url) {
        return switch (status) {
            case 404 ->
                    new HubException(
                            "not found on the Hub: "
                                    + repo
                                    + "/"
                                    + file
                                    + " (404 at "
                                    + url.getHost()
                                    + "). Check the model name and tag, and --revision.");
            case 401, 403 ->
                    new HubException(
                            "the Hub refused "
                                    + repo
                                    + "/"
                                    + file
                                    + " ("
                                    + status
                                    + "). The timm repos are"
                                    + " public; the Hub answers 401 for a repo that does not exist too, so"
                                    + " check the model name and tag.");
            case 429 ->
                    new HubException(
                            "the Hub is rate-limiting downloads (429); wait a minute and try again");
            default ->
                    new HubException(
                            url.getHost()
                                    + " answered "
                                    + status
                                    + " for "
                                    + repo
                                    + "/"
                                    + file
                                    + (status >= 500
                                            ? "; the server has a problem, try again later"
                                            : ""));
        };
    }

    private static String etag(String raw) {
        String s = raw.trim();
        if (s.startsWith("W/")) {
            s = s.substring(2);
        }
        return s.replace("\"", "").toLowerCase(Locale.ROOT);
    }

    private static long contentRangeStart(HttpResponse<?> r) {
        // "bytes 1000-1999/2000"
        String cr = r.headers().firstValue("Content-Range").orElse("");
        try {
            String range = cr.substring(cr.indexOf(' ') + 1, cr.indexOf('-'));
            return Long.parseLong(range.trim());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static void checkSpace(Path dir, long bytes, long extra) throws HubException {
        try {
            Path d = dir == null ? Path.of(".") : dir;
            Files.createDirectories(d);
            long free = Files.getFileStore(d).getUsableSpace();
            long need = Math.max(0, bytes) + Math.max(0, extra);
            if (free < need) {
                throw new HubException(
                        "not enough free disk space in "
                                + d
                                + ": "
                                + mb(need)
                                + " needed, "
                                + mb(free)
                                + " free. Free some space or choose another folder (--out).");
            }
        } catch (IOException e) {
            throw new HubException("cannot use the folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static HubException diskError(Path dir, IOException e) {
        String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (msg.contains("no space") || msg.contains("disk full") || msg.contains("quota")) {
            return new HubException(
                    "the disk is full: cannot write to "
                            + dir
                            + "; the part downloaded so far is kept",
                    e);
        }
        return new HubException("cannot write to " + dir + ": " + e.getMessage(), e);
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private String host() {
        return URI.create(endpoint).getHost();
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        Throwable c = e.getCause();
        if ((m == null || m.isBlank()) && c != null) {
            m = c.toString();
        }
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static long size(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", p, e.getMessage());
        }
    }

    private static void closeQuietly(HttpResponse<InputStream> r) {
        try {
            r.body().close();
        } catch (IOException ignored) {
            // the response is abandoned anyway
        }
    }

    /** Hex sha256 of a file. */
    public static String sha256(Path file) throws HubException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new HubException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

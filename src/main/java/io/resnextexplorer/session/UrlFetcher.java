package io.resnextexplorer.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;

/**
 * Fetches an image dragged from a browser: http(s) with a timeout and a size cap, or a {@code
 * data:} URL. Blocking: call on the background executor.
 */
public final class UrlFetcher {
    public static final long DEFAULT_MAX_BYTES = 50L * 1024 * 1024;

    private final HttpClient client;
    private final Duration timeout;
    private final long maxBytes;

    public UrlFetcher(Duration timeout, long maxBytes) {
        this.client =
                HttpClient.newBuilder()
                        .connectTimeout(timeout)
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build();
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    public static UrlFetcher withDefaults() {
        return new UrlFetcher(Duration.ofSeconds(15), DEFAULT_MAX_BYTES);
    }

    /**
     * @throws UncheckedIOException with a message for people (timeout, HTTP status, too large)
     */
    public byte[] fetch(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("data")) {
            return dataUrl(uri.toString());
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UncheckedIOException(
                    new IOException("cannot fetch " + scheme + ": URLs (only http, https, data)"));
        }
        HttpRequest request =
                HttpRequest.newBuilder(uri)
                        .timeout(timeout)
                        .header("Accept", "image/*")
                        .GET()
                        .build();
        try {
            HttpResponse<InputStream> response =
                    client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() / 100 != 2) {
                    throw new IOException(
                            "could not download "
                                    + uri.getHost()
                                    + ": HTTP "
                                    + response.statusCode());
                }
                long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared > maxBytes) {
                    throw new IOException(tooLarge());
                }
                byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (data.length > maxBytes) {
                    throw new IOException(tooLarge());
                }
                return data;
            }
        } catch (java.net.http.HttpTimeoutException e) {
            throw new UncheckedIOException(
                    new IOException("download timed out after " + timeout.toSeconds() + " s", e));
        } catch (IOException e) {
            String m = e.getMessage();
            throw new UncheckedIOException(
                    new IOException(
                            m != null && m.startsWith("could not") || tooLarge().equals(m)
                                    ? m
                                    : "could not download the image: " + m,
                            e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("download interrupted", e));
        }
    }

    private String tooLarge() {
        return "download too large (over " + maxBytes / (1024 * 1024) + " MB)";
    }

    private byte[] dataUrl(String url) {
        int comma = url.indexOf(',');
        if (comma < 0 || !url.substring(0, comma).contains(";base64")) {
            throw new UncheckedIOException(new IOException("unsupported data: URL (not base64)"));
        }
        byte[] data = Base64.getDecoder().decode(url.substring(comma + 1));
        if (data.length > maxBytes) {
            throw new UncheckedIOException(new IOException(tooLarge()));
        }
        return data;
    }
}

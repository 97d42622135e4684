package io.resnextexplorer.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches an image dragged from a browser: http(s) with a timeout and a size cap, or a {@code
 * data:} URL. Blocking: call on the background executor.
 */
public final class UrlFetcher {
    public static final long DEFAULT_MAX_BYTES = 50L * 1024 * 1024;

    private final Lazy<HttpClient> client;
    private final Duration timeout;
    private final long maxBytes;

    public UrlFetcher(Duration timeout, long maxBytes) {
        this.client =
                new Lazy<>(
                        () ->
                                HttpClient.newBuilder()
                                        .connectTimeout(timeout)
                                        .followRedirects(HttpClient.Redirect.NORMAL)
                                        .build());
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
        // The request timeout only covers the wait for the headers; a server that then trickles
        // the body would hang a worker. The whole download gets one deadline instead, and the
        // body is collected by a subscriber that stops at the cap (nothing beyond it is kept).
        CompletableFuture<HttpResponse<byte[]>> call =
                client.get()
                        .sendAsync(
                                request,
                                info ->
                                        new CappedBody(
                                                info.statusCode(),
                                                info.headers()
                                                        .firstValueAsLong("Content-Length")
                                                        .orElse(-1),
                                                maxBytes));
        try {
            HttpResponse<byte[]> response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            int status = response.statusCode();
            if (status / 100 == 3) {
                throw new IOException(
                        "could not download "
                                + uri.getHost()
                                + ": too many redirects (HTTP "
                                + status
                                + ")");
            }
            if (status / 100 != 2) {
                throw new IOException("could not download " + uri.getHost() + ": HTTP " + status);
            }
            return response.body();
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new UncheckedIOException(
                    new IOException("download timed out after " + timeout.toSeconds() + " s", e));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String m = cause.getMessage();
            if (cause instanceof java.net.http.HttpTimeoutException) {
                m = "download timed out after " + timeout.toSeconds() + " s";
            } else if (!tooLarge().equals(m)) {
                m =
                        "could not download the image: "
                                + (m == null ? cause.getClass().getSimpleName() : m);
            }
            throw new UncheckedIOException(new IOException(m, cause));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("download interrupted", e));
        }
    }

    /**
     * Collects a body up to {@code max} bytes; beyond that it cancels the download and fails with
     * "too large". A declared Content-Length over the cap fails before any byte is read. Error
     * responses (non-2xx) are not collected.
     */
    private final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private final boolean keep;
        private final long max;
        private Flow.Subscription subscription;

        private final boolean declaredTooLarge;

        CappedBody(int status, long declaredLength, long max) {
            this.keep = status / 100 == 2;
            this.max = max;
            this.declaredTooLarge = keep && declaredLength > max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declaredTooLarge) {
                s.cancel();
                result.completeExceptionally(new IOException(tooLarge()));
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (!keep || result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if (bytes.size() + (long) b.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException(tooLarge()));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
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
        String payload = url.substring(comma + 1);
        if (payload.length() / 4L * 3 > maxBytes + 3) {
            throw new UncheckedIOException(new IOException(tooLarge()));
        }
        byte[] data;
        try {
            data = Base64.getMimeDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw new UncheckedIOException(
                    new IOException("the data: URL is damaged (not valid base64)", e));
        }
        if (data.length > maxBytes) {
            throw new UncheckedIOException(new IOException(tooLarge()));
        }
        return data;
    }
}

package io.resnextexplorer.session;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Decoded images, bounded by the bytes their pixels hold (least recently used go first), keyed by
 * the image's identity. Two threads asking for the same image decode it once. A failure is
 * remembered, so an unreadable file is not read again on every model switch. Thread-safe.
 */
public final class DecodeCache {
    private final long maxBytes;
    private final Function<ImageSource, DecodedPicture> decoder;
    private final Map<String, CompletableFuture<DecodedPicture>> inFlight =
            new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    // Access order: the eldest entry is the least recently used. Guarded by "this".
    private final LinkedHashMap<String, DecodedPicture> lru = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    /**
     * @param maxBytes most pixel bytes kept; one image larger than this is decoded and returned but
     *     not kept
     * @param decoder decodes one source; throws with a message written for people
     */
    public DecodeCache(long maxBytes, Function<ImageSource, DecodedPicture> decoder) {
        this.maxBytes = maxBytes;
        this.decoder = decoder;
    }

    /**
     * The decoded image, from the cache or decoded now (slow: call off the UI thread).
     *
     * @throws ImageFailedException when it cannot be decoded (now or earlier), with the reason
     */
    public DecodedPicture get(ImageSource source) {
        String id = source.id();
        String failed = failures.get(id);
        if (failed != null) {
            throw new ImageFailedException(failed);
        }
        synchronized (this) {
            DecodedPicture p = lru.get(id);
            if (p != null) {
                return p;
            }
        }
        CompletableFuture<DecodedPicture> mine = new CompletableFuture<>();
        CompletableFuture<DecodedPicture> theirs = inFlight.putIfAbsent(id, mine);
        if (theirs != null) {
            try {
                return theirs.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            DecodedPicture p = decoder.apply(source);
            put(id, p);
            mine.complete(p);
            return p;
        } catch (RuntimeException e) {
            ImageFailedException f =
                    e instanceof ImageFailedException ife
                            ? ife
                            : new ImageFailedException(Messages.of(e), e);
            failures.put(id, f.getMessage());
            mine.completeExceptionally(f);
            throw f;
        } finally {
            inFlight.remove(id, mine);
        }
    }

    /** The decoded image if it is in the cache (never decodes), else null. */
    public synchronized DecodedPicture peek(ImageSource source) {
        return lru.get(source.id());
    }

    /** Why this image could not be decoded, or null when it was not tried or did not fail. */
    public String failure(ImageSource source) {
        return failures.get(source.id());
    }

    /** Pixel bytes held now. */
    public synchronized long bytes() {
        return bytes;
    }

    /** Images held now. */
    public synchronized int size() {
        return lru.size();
    }

    public long maxBytes() {
        return maxBytes;
    }

    private synchronized void put(String id, DecodedPicture p) {
        if (p.bytes() > maxBytes) {
            return;
        }
        DecodedPicture old = lru.put(id, p);
        if (old != null) {
            bytes -= old.bytes();
        }
        bytes += p.bytes();
        Iterator<Map.Entry<String, DecodedPicture>> it = lru.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<String, DecodedPicture> eldest = it.next();
            if (eldest.getKey().equals(id)) {
                continue;
            }
            bytes -= eldest.getValue().bytes();
            it.remove();
        }
    }
}

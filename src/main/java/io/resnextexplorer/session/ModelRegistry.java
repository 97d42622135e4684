package io.resnextexplorer.session;

import io.resnextexplorer.inference.InferenceOptions;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.ModelKey;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.service.LoadedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models this session has loaded: loaded lazily on first use, several at once (compare runs 2-4
 * side by side), each once per file x provider even when asked for by two threads, until unloaded.
 * Thread-safe; {@link #load} is slow (native session creation), call it off the UI thread.
 */
public final class ModelRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    private final ClassificationService service;
    private final InferenceOptions options;
    private final Map<ModelKey, CompletableFuture<LoadedModel>> models = new ConcurrentHashMap<>();

    public ModelRegistry(ClassificationService service, InferenceOptions options) {
        this.service = service;
        this.options = options;
    }

    /**
     * The model, loaded now if it is not yet.
     *
     * @throws ModelFailedException when the file cannot be used, with the reason for people; the
     *     failure is not kept, so a fixed file loads on the next call
     */
    public LoadedModel load(Path file, ExecutionProvider provider) {
        ModelKey key = new ModelKey(file, provider);
        CompletableFuture<LoadedModel> mine = new CompletableFuture<>();
        CompletableFuture<LoadedModel> theirs = models.putIfAbsent(key, mine);
        if (theirs != null) {
            try {
                return theirs.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof ModelFailedException m
                        ? m
                        : new ModelFailedException(Messages.of(e), e);
            }
        }
        try {
            LoadedModel m = service.load(key.file(), provider, options);
            mine.complete(m);
            return m;
        } catch (RuntimeException e) {
            models.remove(key, mine);
            ModelFailedException f = new ModelFailedException(Messages.of(e), e);
            mine.completeExceptionally(f);
            throw f;
        }
    }

    /** The model if it is loaded (never loads), else null. */
    public LoadedModel get(ModelKey key) {
        CompletableFuture<LoadedModel> f = models.get(key);
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
    }

    /** Models loaded now, in no particular order. */
    public List<LoadedModel> loaded() {
        List<LoadedModel> out = new ArrayList<>();
        for (CompletableFuture<LoadedModel> f : models.values()) {
            if (f.isDone() && !f.isCompletedExceptionally()) {
                out.add(f.join());
            }
        }
        return out;
    }

    /**
     * Closes the model's native session (waiting for runs in flight; later runs on it fail with a
     * message, never a crash) and forgets it. Returns whether it was loaded.
     */
    public boolean unload(ModelKey key) {
        CompletableFuture<LoadedModel> f = models.remove(key);
        if (f == null) {
            return false;
        }
        LoadedModel m;
        try {
            m = f.join();
        } catch (CompletionException e) {
            return false;
        }
        m.close();
        return true;
    }

    /**
     * An estimate of the native memory the loaded sessions hold, in bytes: the sum of their files'
     * sizes (ONNX Runtime keeps the weights, which are nearly all of a file, in native memory).
     * Activation buffers and the arena come on top and depend on batch and provider.
     */
    public long nativeBytesEstimate() {
        long sum = 0;
        for (LoadedModel m : loaded()) {
            sum += m.info().fileSize();
        }
        return sum;
    }

    /** Unloads every model; call when no worker can still use them. */
    @Override
    public void close() {
        for (ModelKey key : List.copyOf(models.keySet())) {
            try {
                unload(key);
            } catch (RuntimeException e) {
                LOG.warn("closing {} failed", key, e);
            }
        }
    }
}

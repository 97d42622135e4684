package io.resnextexplorer.session;

import io.resnextexplorer.model.ModelKey;
import io.resnextexplorer.model.Tensor;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The large outputs of recent classifications (a ResNeXt's final feature map is ~400 KB per image),
 * kept within a byte budget, least recently used first out. Results themselves stay small, so a
 * session, a batch or an evaluation of 50,000 images does not hold 50,000 feature maps; a heatmap
 * of an image whose maps were evicted costs one more inference. Thread-safe.
 */
final class ActivationStore {
    /** Outputs with more floats than this leave the result and live here. */
    static final int LARGE_FLOATS = 16_384;

    private record Key(String image, ModelKey model) {}

    private final long maxBytes;
    private final LinkedHashMap<Key, Map<String, Tensor>> entries =
            new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    ActivationStore(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Keeps these outputs of this image x model (replacing older ones), evicting as needed. */
    synchronized void put(String image, ModelKey model, Map<String, Tensor> outputs) {
        long size = bytesOf(outputs);
        Map<String, Tensor> old = entries.remove(new Key(image, model));
        if (old != null) {
            bytes -= bytesOf(old);
        }
        if (size > maxBytes) {
            return;
        }
        entries.put(new Key(image, model), Map.copyOf(outputs));
        bytes += size;
        Iterator<Map.Entry<Key, Map<String, Tensor>>> it = entries.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            bytes -= bytesOf(it.next().getValue());
            it.remove();
        }
    }

    /** The kept outputs, or null when never kept or evicted. */
    synchronized Map<String, Tensor> get(String image, ModelKey model) {
        return entries.get(new Key(image, model));
    }

    synchronized long bytes() {
        return bytes;
    }

    static boolean isLarge(Tensor t) {
        return t.data().length > LARGE_FLOATS;
    }

    private static long bytesOf(Map<String, Tensor> outputs) {
        long n = 0;
        for (Tensor t : outputs.values()) {
            n += 4L * t.data().length;
        }
        return n;
    }
}

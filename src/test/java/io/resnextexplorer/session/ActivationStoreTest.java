package io.resnextexplorer.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.ModelKey;
import io.resnextexplorer.model.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The large outputs of recent results stay within their byte budget, oldest used out first. */
class ActivationStoreTest {
    private static final ModelKey MODEL = new ModelKey(Path.of("m.onnx"), ExecutionProvider.CPU);

    private static Map<String, Tensor> floats(int n) {
        return Map.of("features", new Tensor(new float[n], new long[] {1, n}));
    }

    @Test
    void theLeastRecentlyUsedEntriesLeaveWhenTheBudgetIsExceeded() {
        ActivationStore store = new ActivationStore(3 * 4000);
        store.put("a", MODEL, floats(1000));
        store.put("b", MODEL, floats(1000));
        store.put("c", MODEL, floats(1000));
        assertThat(store.get("a", MODEL)).isNotNull(); // a is now the most recently used
        store.put("d", MODEL, floats(1000));
        assertThat(store.get("b", MODEL)).isNull();
        assertThat(store.get("a", MODEL)).isNotNull();
        assertThat(store.get("c", MODEL)).isNotNull();
        assertThat(store.get("d", MODEL)).isNotNull();
        assertThat(store.bytes()).isEqualTo(3 * 4000);
    }

    @Test
    void replacingAnEntryCountsItsBytesOnceAndTooLargeEntriesAreNotKept() {
        ActivationStore store = new ActivationStore(10_000);
        store.put("a", MODEL, floats(1000));
        store.put("a", MODEL, floats(2000));
        assertThat(store.bytes()).isEqualTo(8000);
        store.put("huge", MODEL, floats(5000));
        assertThat(store.get("huge", MODEL)).isNull();
        assertThat(store.bytes()).isEqualTo(8000);
    }

    @Test
    void outputsAreLargeAboveSixteenThousandFloats() {
        assertThat(ActivationStore.isLarge(floats(2048).get("features"))).isFalse();
        assertThat(ActivationStore.isLarge(floats(2048 * 49).get("features"))).isTrue();
    }
}

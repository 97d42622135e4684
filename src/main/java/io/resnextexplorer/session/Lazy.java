package io.resnextexplorer.session;

import java.util.function.Supplier;

/**
 * A value made on first use, once, by whichever thread asks first. For things that are slow to make
 * and often never needed, such as an HTTP client (its TLS set-up took ~100 ms of the window's start
 * on the FX thread).
 */
final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> make;
    private volatile T value;

    Lazy(Supplier<T> make) {
        this.make = make;
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = make.get();
                    value = v;
                }
            }
        }
        return v;
    }
}

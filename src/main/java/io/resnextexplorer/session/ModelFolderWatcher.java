package io.resnextexplorer.session;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the models folders ({@link WatchService}) and reports {@code .onnx} files that appeared,
 * disappeared or were rewritten, so the library follows without a restart. A file being copied or
 * exported changes for a while: it is reported only once its size and modification time have held
 * still for {@link #SETTLE_MS} ms, so a half-written model is not loaded. Runs a daemon thread of
 * its own; the listener is called on that thread (hand it to the FX thread yourself). Folders that
 * do not exist when the watcher starts are not watched.
 */
public final class ModelFolderWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelFolderWatcher.class);

    /** How long a file must stay unchanged before it is reported, in milliseconds. */
    public static final long SETTLE_MS = 750;

    private final WatchService watch;
    private final Map<WatchKey, Path> folders = new HashMap<>();
    private final Consumer<Set<Path>> listener;
    private final long settleMs;
    private final Thread thread;

    // Files seen changing and not yet reported: their last state and when it last changed.
    private record Seen(long size, long modified, long sinceNanos) {}

    private final Map<Path, Seen> pending = new HashMap<>();

    /**
     * @param dirs folders to watch (missing ones are skipped)
     * @param listener told of the absolute paths of changed .onnx files, on the watcher's thread
     */
    public ModelFolderWatcher(List<Path> dirs, Consumer<Set<Path>> listener) throws IOException {
        this(dirs, listener, SETTLE_MS);
    }

    ModelFolderWatcher(List<Path> dirs, Consumer<Set<Path>> listener, long settleMs)
            throws IOException {
        this.watch = FileSystems.getDefault().newWatchService();
        this.listener = listener;
        this.settleMs = settleMs;
        for (Path d : new LinkedHashSet<>(dirs)) {
            Path abs = d.toAbsolutePath().normalize();
            if (Files.isDirectory(abs) && !folders.containsValue(abs)) {
                WatchKey key =
                        abs.register(
                                watch,
                                StandardWatchEventKinds.ENTRY_CREATE,
                                StandardWatchEventKinds.ENTRY_DELETE,
                                StandardWatchEventKinds.ENTRY_MODIFY);
                folders.put(key, abs);
            }
        }
        thread = new Thread(this::run, "model-folder-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** The folders actually watched. */
    public Set<Path> folders() {
        return Set.copyOf(folders.values());
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watch.poll(Math.max(50, settleMs / 3), TimeUnit.MILLISECONDS);
                if (key != null) {
                    Path dir = folders.get(key);
                    for (WatchEvent<?> e : key.pollEvents()) {
                        if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                            everythingIn(dir);
                        } else if (dir != null && e.context() instanceof Path name) {
                            touched(dir.resolve(name));
                        }
                    }
                    key.reset();
                }
                reportSettled();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    private void everythingIn(Path dir) {
        if (dir == null) {
            return;
        }
        try (var s = Files.list(dir)) {
            s.forEach(this::touched);
        } catch (IOException e) {
            LOG.info("could not list {}: {}", dir, e.getMessage());
        }
    }

    private void touched(Path file) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")) {
            pending.put(file, state(file, System.nanoTime()));
        }
    }

    private static Seen state(Path file, long now) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Seen(a.size(), a.lastModifiedTime().toMillis(), now);
        } catch (IOException e) {
            return new Seen(-1, -1, now); // gone (deleted or renamed away)
        }
    }

    private void reportSettled() {
        if (pending.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        Set<Path> settled = new LinkedHashSet<>();
        for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            Seen before = e.getValue();
            Seen current = state(e.getKey(), before.sinceNanos());
            if (current.size() != before.size() || current.modified() != before.modified()) {
                e.setValue(new Seen(current.size(), current.modified(), now)); // still changing
            } else if (now - before.sinceNanos() >= settleMs * 1_000_000L) {
                settled.add(e.getKey());
                it.remove();
            }
        }
        if (!settled.isEmpty()) {
            try {
                listener.accept(Set.copyOf(settled));
            } catch (RuntimeException ex) {
                LOG.warn("model folder listener failed", ex);
            }
        }
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service", e);
        }
        thread.interrupt();
    }
}

package io.resnextexplorer.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session file ({@code session.json} in the user folder): the session's images (paths, URLs,
 * and pasted or dragged bytes, kept in {@code session-images/} beside it), the current image, the
 * model in use and every result so far, so that a crash or {@code kill -9} loses at most the last
 * {@value #DEBOUNCE_MS} ms. Written on a thread of its own, atomically ({@link AtomicFiles}),
 * debounced: {@link #changed} may be called for every change, even from the FX thread.
 *
 * <p>The file carries {@code schema_version}; a corrupt file, or one written by a newer version of
 * the app, is renamed out of the way ({@link AtomicFiles#setAside}) and the app starts with an
 * empty session and a message saying so. Results are saved in the results schema ({@link
 * ResultsWriter#document}) for the record; on restore the images are classified again (the same
 * model and image give the same numbers), so no cached result can disagree with its model file.
 */
public final class SessionStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);

    /** The session file's schema; a file with a higher number is set aside, never read. */
    public static final int SCHEMA_VERSION = 1;

    /** A burst of changes (a batch) is written once per this many milliseconds. */
    public static final long DEBOUNCE_MS = 300;

    /** Pasted or dragged bytes beyond this total are not kept (their paths and results are). */
    public static final long MAX_SAVED_BYTES = 256L * 1024 * 1024;

    private static final String IMAGES_DIR = "session-images";

    /**
     * What the window shows, as the store saves it.
     *
     * @param images the strip's images, in order
     * @param current index of the image shown, or -1
     * @param model the model file in use, or null
     * @param provider the provider asked for ("CPU", "CUDA"), or null
     */
    public record State(List<ImageSource> images, int current, Path model, String provider) {
        public State {
            images = List.copyOf(images);
        }

        public static final State EMPTY = new State(List.of(), -1, null, null);
    }

    /**
     * The outcome of {@link #load()}.
     *
     * @param state the saved session, or {@link State#EMPTY}
     * @param message what the user must be told (the file was set aside, images were dropped), or
     *     null
     */
    public record Loaded(State state, String message) {}

    private final Path file;
    private final Function<List<ImageSource>, List<ImageResult>> results;
    private final ScheduledExecutorService writer;
    private final AtomicReference<State> pending = new AtomicReference<>();
    // True from a change until its write starts: a change during a write schedules another one.
    private final java.util.concurrent.atomic.AtomicBoolean queued =
            new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;

    /**
     * @param file the session file
     * @param results the results to save for a list of images (the core's {@link
     *     SessionCore#results}); called on the store's thread
     */
    public SessionStore(Path file, Function<List<ImageSource>, List<ImageResult>> results) {
        this.file = file;
        this.results = results;
        this.writer =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "session-store");
                            t.setDaemon(true);
                            return t;
                        });
    }

    public Path file() {
        return file;
    }

    /** Notes a change; the state is written within {@value #DEBOUNCE_MS} ms. Any thread. */
    public void changed(State state) {
        if (closed) {
            return;
        }
        pending.set(state);
        if (queued.compareAndSet(false, true)) {
            try {
                writer.schedule(this::writePending, DEBOUNCE_MS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                queued.set(false); // closed meanwhile: close() writes what is pending
            }
        }
    }

    /** Writes what is pending now and waits for it (at exit; tests). */
    public void flush() {
        if (writer.isShutdown()) {
            writePending();
            return;
        }
        try {
            writer.submit(this::writePending).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("could not save the session to {}: {}", file, e.getMessage());
        }
    }

    private void writePending() {
        queued.set(false);
        State s = pending.getAndSet(null);
        if (s != null) {
            try {
                write(s);
            } catch (IOException | RuntimeException e) {
                // The next change tries again; losing one save must not stop the app.
                LOG.warn("could not save the session to {}: {}", file, e.getMessage());
            }
        }
    }

    /** Writes the state now, on the calling thread. */
    void write(State s) throws IOException {
        ObjectNode root = ResultsWriter.MAPPER.createObjectNode();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("saved_at", Instant.now().toString());
        ArrayNode images = root.putArray("images");
        Path imagesDir = file.resolveSibling(IMAGES_DIR);
        Set<String> keptBytes = new HashSet<>();
        long savedBytes = 0;
        for (ImageSource src : s.images()) {
            ObjectNode e = images.addObject();
            if (src instanceof ImageSource.FileSource f) {
                e.put("kind", "file").put("path", f.file().toString());
            } else if (src instanceof ImageSource.UrlSource u) {
                e.put("kind", "url").put("url", u.uri().toString());
            } else {
                ImageSource.BytesSource b = (ImageSource.BytesSource) src;
                String blob = b.id().substring("bytes:".length(), b.id().indexOf('/')) + ".bin";
                e.put("kind", "bytes").put("name", b.name()).put("data", IMAGES_DIR + "/" + blob);
                byte[] data = b.dataUnsafe();
                Path target = imagesDir.resolve(blob);
                if (keptBytes.contains(blob) || Files.isRegularFile(target)) {
                    keptBytes.add(blob);
                } else if (savedBytes + data.length <= MAX_SAVED_BYTES) {
                    AtomicFiles.write(target, out -> out.write(data));
                    keptBytes.add(blob);
                } else {
                    e.put("data", (String) null);
                    e.put("note", "not kept: pasted images over the session's byte budget");
                }
                savedBytes += data.length;
            }
        }
        root.put("current", s.current());
        ObjectNode model = root.putObject("model");
        model.put("file", s.model() == null ? null : s.model().toString());
        model.put("provider", s.provider());
        root.set("results", ResultsWriter.document(results.apply(s.images())));
        AtomicFiles.writeString(file, ResultsWriter.write(root) + "\n");
        removeUnreferenced(imagesDir, keptBytes);
    }

    private static void removeUnreferenced(Path dir, Set<String> kept) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (p.getFileName().toString().endsWith(".bin")
                        && !kept.contains(p.getFileName().toString())) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Reads the saved session. Never throws: a missing file is an empty session; a corrupt or
     * newer-version file is set aside and named in the message; entries that cannot be restored
     * (pasted bytes whose file is gone) are left out and counted in the message.
     */
    public Loaded load() {
        if (!Files.exists(file)) {
            return new Loaded(State.EMPTY, null);
        }
        JsonNode root;
        try {
            root = ResultsWriter.MAPPER.readTree(file.toFile());
        } catch (IOException | RuntimeException e) {
            return setAside("it could not be read (" + firstLine(e.getMessage()) + ")");
        }
        if (root == null || !root.isObject() || !root.path("schema_version").isInt()) {
            return setAside("it is not a session file (no schema_version)");
        }
        int version = root.get("schema_version").asInt();
        if (version > SCHEMA_VERSION) {
            return setAside(
                    "it was written by a newer version of ResNeXt Explorer (session schema "
                            + version
                            + ", this version reads "
                            + SCHEMA_VERSION
                            + ")");
        }
        if (version < 1) {
            return setAside("its schema_version " + version + " is not valid");
        }
        List<ImageSource> images = new ArrayList<>();
        int dropped = 0;
        for (JsonNode e : root.path("images")) {
            try {
                ImageSource s = source(e);
                if (s == null) {
                    dropped++;
                } else {
                    images.add(s);
                }
            } catch (IOException | RuntimeException ex) {
                LOG.info("not restoring {}: {}", e, ex.getMessage());
                dropped++;
            }
        }
        int current = root.path("current").asInt(-1);
        if (current >= images.size()) {
            current = images.isEmpty() ? -1 : 0;
        }
        String modelFile = root.path("model").path("file").asText(null);
        String provider = root.path("model").path("provider").asText(null);
        State state =
                new State(images, current, modelFile == null ? null : Path.of(modelFile), provider);
        String message =
                dropped == 0
                        ? null
                        : dropped
                                + (dropped == 1 ? " image" : " images")
                                + " of the last session could not be restored (pasted images"
                                + " whose saved copy is gone).";
        return new Loaded(state, message);
    }

    private ImageSource source(JsonNode e) throws IOException {
        switch (e.path("kind").asText("")) {
            case "file":
                return ImageSource.file(Path.of(e.get("path").asText()));
            case "url":
                return ImageSource.url(URI.create(e.get("url").asText()));
            case "bytes":
                String data = e.path("data").asText(null);
                if (data == null) {
                    return null;
                }
                Path blob = file.resolveSibling(data).normalize();
                if (!blob.startsWith(file.resolveSibling(IMAGES_DIR).normalize())
                        || !Files.isRegularFile(blob)) {
                    return null;
                }
                return ImageSource.bytes(Files.readAllBytes(blob), e.path("name").asText(null));
            default:
                return null;
        }
    }

    private Loaded setAside(String why) {
        String where;
        try {
            Path aside = AtomicFiles.setAside(file);
            where = "it was kept as " + aside.getFileName();
        } catch (IOException e) {
            where = "it could not be renamed (" + e.getMessage() + ") and will be overwritten";
        }
        String message =
                "The last session was not restored: "
                        + why
                        + "; "
                        + where
                        + ". A new session"
                        + " starts.";
        LOG.warn("{} ({})", message, file);
        return new Loaded(State.EMPTY, message);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Writes what is pending and stops the store's thread. */
    @Override
    public void close() {
        closed = true;
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writePending();
    }
}

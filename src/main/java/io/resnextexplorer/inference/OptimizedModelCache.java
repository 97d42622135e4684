package io.resnextexplorer.inference;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONNX Runtime-optimized copies of models, one per model content, ONNX Runtime version and CPU.
 *
 * <p>Why: building a session spends most of its time in graph optimization (fusions, the NCHWc
 * layout for AVX-512), and parsing the original graph holds extra copies of the weights while it
 * does. Loading the already optimized copy with optimizations off measured here about half the
 * creation time and two thirds of the peak memory (README, Performance). The copy is only valid
 * where it was made: ONNX Runtime warns that NCHWc graphs are hardware specific, hence the CPU in
 * the key, and a new ONNX Runtime may optimize differently, hence its version.
 *
 * <p>Safety: an entry is used only when its description file exists (written last) and the copy's
 * size and CRC-32C match what was recorded; a copy ONNX Runtime then refuses is deleted, and the
 * caller builds it again. Entries are written to a temporary name and moved into place, so a killed
 * process or two processes building the same entry never leave a half-written copy in use. The
 * least recently used entries are removed beyond {@link #DEFAULT_MAX_BYTES}, and temporary files a
 * killed process left are removed after an hour.
 *
 * <p>Source hashes (SHA-256 of the model file) are remembered per path, size and modification time,
 * so an unchanged file is read once, not at every start.
 */
public final class OptimizedModelCache {
    private static final Logger LOG = LoggerFactory.getLogger(OptimizedModelCache.class);

    /** Bumped when what an entry means changes (e.g. the optimization level it was made at). */
    static final int FORMAT = 1;

    /** Four seed models take about 650 MB; this leaves room for several fine-tunes. */
    public static final long DEFAULT_MAX_BYTES = 3L << 30;

    private static final String MODEL_SUFFIX = ".onnx";
    private static final String ENTRY_SUFFIX = ".properties";

    private final Path dir;
    private final long maxBytes;

    public OptimizedModelCache(Path dir) {
        this(dir, DEFAULT_MAX_BYTES);
    }

    public OptimizedModelCache(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Where an optimized copy of one model lives, and how to check it.
     *
     * @param key hex digest of model content, appended fragment, ONNX Runtime version, CPU, format
     */
    public record Key(String key, Path model, Path entry) {}

    /**
     * The key for {@code file} followed by {@code appended} (see {@link OnnxClassifier#open}).
     *
     * @throws IOException when the file cannot be read
     */
    public Key key(Path file, byte[] appended, String ortVersion) throws IOException {
        MessageDigest d = sha256();
        d.update(("format=" + FORMAT + "\n").getBytes(StandardCharsets.UTF_8));
        d.update(("model=" + sourceHash(file) + "\n").getBytes(StandardCharsets.UTF_8));
        d.update("appended=".getBytes(StandardCharsets.UTF_8));
        d.update(appended == null ? new byte[0] : appended);
        d.update(("\nort=" + ortVersion + "\n").getBytes(StandardCharsets.UTF_8));
        d.update(("cpu=" + CpuSignature.get() + "\n").getBytes(StandardCharsets.UTF_8));
        String key = HexFormat.of().formatHex(d.digest());
        return new Key(key, dir.resolve(key + MODEL_SUFFIX), dir.resolve(key + ENTRY_SUFFIX));
    }

    /**
     * The optimized copy when a complete, intact one exists (its use is recorded for eviction), or
     * null.
     */
    public Path find(Key key) {
        try {
            if (!Files.isRegularFile(key.entry()) || !Files.isRegularFile(key.model())) {
                return null;
            }
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(key.entry())) {
                p.load(in);
            }
            long size = Long.parseLong(p.getProperty("size", "-1"));
            String crc = p.getProperty("crc32c", "");
            if (Files.size(key.model()) != size || !crc32c(key.model()).equals(crc)) {
                LOG.warn("optimized model {} is damaged; it will be built again", key.model());
                invalidate(key);
                return null;
            }
            Files.setLastModifiedTime(key.entry(), FileTime.fromMillis(System.currentTimeMillis()));
            return key.model();
        } catch (IOException | RuntimeException e) {
            LOG.warn("optimized model cache entry {} unreadable: {}", key.key(), e.toString());
            invalidate(key);
            return null;
        }
    }

    /** A fresh file name in the cache folder for ONNX Runtime to write the optimized copy to. */
    public Path temporaryFile(Key key) throws IOException {
        Files.createDirectories(dir);
        return Files.createTempFile(dir, key.key() + ".", ".tmp");
    }

    /**
     * Makes the copy ONNX Runtime wrote to {@code written} the entry for {@code key}, then removes
     * the least recently used entries beyond the size limit.
     */
    public void commit(Key key, Path written, Path source) throws IOException {
        try {
            if (!Files.isRegularFile(written) || Files.size(written) == 0) {
                throw new IOException("ONNX Runtime wrote no optimized model");
            }
            move(written, key.model());
            Properties p = new Properties();
            p.setProperty("size", Long.toString(Files.size(key.model())));
            p.setProperty("crc32c", crc32c(key.model()));
            p.setProperty("source", source.toAbsolutePath().toString());
            p.setProperty("format", Integer.toString(FORMAT));
            Path tmp = Files.createTempFile(dir, key.key() + ".", ".entry.tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "ONNX Runtime-optimized copy; see OptimizedModelCache");
            }
            move(tmp, key.entry());
        } finally {
            Files.deleteIfExists(written);
        }
        evict(key);
    }

    /** Removes an entry (damaged, or refused by ONNX Runtime). */
    public void invalidate(Key key) {
        try {
            Files.deleteIfExists(key.entry());
            Files.deleteIfExists(key.model());
        } catch (IOException e) {
            LOG.warn("could not remove cache entry {}: {}", key.key(), e.toString());
        }
    }

    /** Temporary files older than this were left by a process that was killed while writing. */
    private static final long ABANDONED_MILLIS = 60 * 60 * 1000L;

    private void evict(Key keep) {
        long now = System.currentTimeMillis();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.tmp")) {
            for (Path t : s) {
                if (now - Files.getLastModifiedTime(t).toMillis() > ABANDONED_MILLIS) {
                    Files.deleteIfExists(t);
                }
            }
        } catch (IOException e) {
            LOG.debug("could not sweep temporary files: {}", e.toString());
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + ENTRY_SUFFIX)) {
            s.forEach(entries::add);
        } catch (IOException e) {
            return;
        }
        long total = 0;
        List<long[]> order = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Path model = modelOf(entries.get(i));
            try {
                long size = Files.size(model);
                total += size;
                order.add(new long[] {Files.getLastModifiedTime(entries.get(i)).toMillis(), i});
            } catch (IOException e) {
                // gone meanwhile
            }
        }
        order.sort((a, b) -> Long.compare(a[0], b[0]));
        for (long[] o : order) {
            if (total <= maxBytes) {
                break;
            }
            Path entry = entries.get((int) o[1]);
            if (entry.equals(keep.entry())) {
                continue;
            }
            Path model = modelOf(entry);
            try {
                long size = Files.size(model);
                Files.deleteIfExists(entry);
                Files.deleteIfExists(model);
                total -= size;
            } catch (IOException e) {
                LOG.debug("could not evict {}: {}", entry, e.toString());
            }
        }
    }

    private static Path modelOf(Path entry) {
        String name = entry.getFileName().toString();
        return entry.resolveSibling(
                name.substring(0, name.length() - ENTRY_SUFFIX.length()) + MODEL_SUFFIX);
    }

    /** SHA-256 of the file, remembered per path, size and modification time. */
    String sourceHash(Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        long size = Files.size(abs);
        long mtime = Files.getLastModifiedTime(abs).toMillis();
        String pathId =
                HexFormat.of()
                        .formatHex(sha256().digest(abs.toString().getBytes(StandardCharsets.UTF_8)))
                        .substring(0, 32);
        Path memo = dir.resolve("sources").resolve(pathId + ENTRY_SUFFIX);
        try {
            if (Files.isRegularFile(memo)) {
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(memo)) {
                    p.load(in);
                }
                if (abs.toString().equals(p.getProperty("path"))
                        && Long.toString(size).equals(p.getProperty("size"))
                        && Long.toString(mtime).equals(p.getProperty("mtime"))
                        && p.getProperty("sha256", "").length() == 64) {
                    return p.getProperty("sha256");
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("source hash memo {} unreadable: {}", memo, e.toString());
        }
        String hash = sha256(abs);
        try {
            Files.createDirectories(memo.getParent());
            Properties p = new Properties();
            p.setProperty("path", abs.toString());
            p.setProperty("size", Long.toString(size));
            p.setProperty("mtime", Long.toString(mtime));
            p.setProperty("sha256", hash);
            Path tmp = Files.createTempFile(memo.getParent(), pathId + ".", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, null);
            }
            move(tmp, memo);
        } catch (IOException e) {
            LOG.debug("could not remember the hash of {}: {}", abs, e.toString());
        }
        return hash;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(
                    from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest d = sha256();
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buf) >= 0) {
                buf.flip();
                d.update(buf);
                buf.clear();
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /** CRC-32C (hardware-accelerated): cheap enough to check a 350 MB copy at every load. */
    static String crc32c(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            for (long pos = 0; pos < size; pos += Integer.MAX_VALUE) {
                MappedByteBuffer m =
                        ch.map(
                                FileChannel.MapMode.READ_ONLY,
                                pos,
                                Math.min(Integer.MAX_VALUE, size - pos));
                crc.update(m);
            }
        }
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}

package io.resnextexplorer.inference;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONNX Runtime's native libraries, unpacked once per user instead of at every start.
 *
 * <p>Why: without {@code onnxruntime.native.path}, ONNX Runtime's Java binding decompresses its 28
 * MB library from the jar into a new temporary folder in every process: ~160 ms of CPU before the
 * first session (measured: environment ready in ~210 ms vs ~55 ms from an unpacked folder), which
 * the window's start and every CLI call paid. The folder's name is a digest of the jar entries'
 * names, sizes and CRCs, so another ONNX Runtime (or the GPU build) gets its own; a file whose size
 * differs from its entry is unpacked again. Unpacking goes to a temporary folder moved into place,
 * so a killed process never leaves a half-written library in use. Anything that goes wrong leaves
 * the property unset: ONNX Runtime then unpacks as it always did.
 */
final class NativeLibraryFolder {
    private static final Logger LOG = LoggerFactory.getLogger(NativeLibraryFolder.class);

    static final String PROPERTY = "onnxruntime.native.path";

    private NativeLibraryFolder() {}

    /**
     * Points ONNX Runtime at the unpacked libraries under {@code root} (unpacking them first when
     * needed). Must run before any ONNX Runtime class is initialised; does nothing when the
     * property is already set (the user's own choice).
     */
    static synchronized void use(Path root) {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        try {
            Path folder = prepare(root);
            if (folder != null) {
                System.setProperty(PROPERTY, folder.toString());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("ONNX Runtime's libraries stay where it unpacks them: {}", e.toString());
        }
    }

    /**
     * The folder under {@code root} holding this platform's ONNX Runtime libraries from the jar,
     * unpacked if missing or damaged; null when the libraries are not in a jar we can read.
     */
    static Path prepare(Path root) throws IOException {
        String prefix = "ai/onnxruntime/native/" + platform() + "/";
        URL url =
                OnnxClassifier.class
                        .getClassLoader()
                        .getResource(prefix + library("onnxruntime4j_jni"));
        if (url == null || !"jar".equals(url.getProtocol())) {
            return null;
        }
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            List<JarEntry> entries = new ArrayList<>();
            jar.stream()
                    .filter(e -> !e.isDirectory())
                    .filter(e -> e.getName().startsWith(prefix))
                    // macOS debug symbols are folders of their own, not libraries
                    .filter(e -> e.getName().indexOf('/', prefix.length()) < 0)
                    .sorted(Comparator.comparing(JarEntry::getName))
                    .forEach(entries::add);
            if (entries.isEmpty()) {
                return null;
            }
            Path folder = root.resolve(digest(entries));
            if (complete(folder, entries, prefix)) {
                return folder;
            }
            Files.createDirectories(root);
            Path tmp = Files.createTempDirectory(root, "unpacking-");
            try {
                for (JarEntry e : entries) {
                    try (InputStream in = jar.getInputStream(e)) {
                        Files.copy(in, tmp.resolve(e.getName().substring(prefix.length())));
                    }
                }
                // Damaged (a size did not match): replace it. One another process completed
                // meanwhile may be in use by it: keep that one.
                if (Files.exists(folder) && !complete(folder, entries, prefix)) {
                    deleteTree(folder);
                }
                try {
                    Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, folder);
                }
            } catch (IOException e) {
                if (complete(folder, entries, prefix)) {
                    return folder; // another process unpacked it meanwhile
                }
                throw e;
            } finally {
                if (Files.exists(tmp)) {
                    deleteTree(tmp);
                }
            }
            return complete(folder, entries, prefix) ? folder : null;
        }
    }

    private static boolean complete(Path folder, List<JarEntry> entries, String prefix) {
        for (JarEntry e : entries) {
            Path f = folder.resolve(e.getName().substring(prefix.length()));
            try {
                if (!Files.isRegularFile(f) || Files.size(f) != e.getSize()) {
                    return false;
                }
            } catch (IOException ex) {
                return false;
            }
        }
        return true;
    }

    private static String digest(List<JarEntry> entries) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (JarEntry e : entries) {
                d.update((e.getName() + " " + e.getSize() + " " + e.getCrc() + "\n").getBytes());
            }
            return HexFormat.of().formatHex(d.digest()).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    /** ONNX Runtime's name for this OS and CPU ("linux-x64", "osx-aarch64", "win-x64"). */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("win") ? "win" : os.contains("mac") ? "osx" : "linux";
        String a = arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : "x64";
        return o + "-" + a;
    }

    private static String library(String name) {
        return System.mapLibraryName(name);
    }
}

package io.resnextexplorer.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.ModelSignature;
import io.resnextexplorer.model.ProviderStatus;
import io.resnextexplorer.model.Tensor;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ONNX image model session: one NCHW float32 image input and named outputs. The only class that
 * talks to ONNX Runtime; it knows nothing about images, labels or which output means what (that is
 * {@link io.resnextexplorer.model.OutputRoles}, read from the file's metadata). Thread-safe: ONNX
 * Runtime sessions may run concurrently.
 */
public final class OnnxClassifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxClassifier.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelSignature signature;
    private final Map<String, String> metadata;
    private final ProviderStatus provider;
    private final boolean fromOptimizedCopy;
    private final boolean sharedThreadPool;

    /*
     * Closing a native session while another thread is inside run() crashes the JVM (SIGSEGV in
     * OrtSession.run, seen when the GUI switched models mid-batch). Runs share the read lock;
     * close() takes the write lock, so it waits for runs in flight, and later runs get an
     * InferenceException instead of a crash.
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock lifecycle =
            new java.util.concurrent.locks.ReentrantReadWriteLock();
    private boolean closed;

    private OnnxClassifier(
            OrtEnvironment env,
            OrtSession session,
            ModelSignature signature,
            Map<String, String> metadata,
            ProviderStatus provider,
            boolean fromOptimizedCopy,
            boolean sharedThreadPool) {
        this.env = env;
        this.session = session;
        this.signature = signature;
        this.metadata = metadata;
        this.provider = provider;
        this.fromOptimizedCopy = fromOptimizedCopy;
        this.sharedThreadPool = sharedThreadPool;
    }

    /**
     * Opens a model file on the requested provider, falling back to the CPU (with the reason in
     * {@link #provider()}) when CUDA cannot be used.
     *
     * @throws InferenceException when the file is missing, not ONNX, or has no RGB image input
     */
    public static OnnxClassifier open(Path file, ExecutionProvider requested) {
        return open(file, requested, InferenceOptions.defaults());
    }

    /** Like {@link #open(Path, ExecutionProvider)}, with these session options. */
    public static OnnxClassifier open(
            Path file, ExecutionProvider requested, InferenceOptions options) {
        return open(file, (byte[]) null, requested, options);
    }

    /**
     * Like {@link #open(Path, ExecutionProvider, InferenceOptions)}, with a protobuf fragment
     * appended to the file's bytes in memory (e.g. extra graph outputs, see {@code
     * onnx.ExtraOutputs}); the file on disk is never changed. External data files are looked up
     * next to {@code file}.
     *
     * @param appended bytes that merge into the file's ModelProto, or null for the file as it is
     */
    public static OnnxClassifier open(
            Path file, byte[] appended, ExecutionProvider requested, InferenceOptions options) {
        if (!Files.isRegularFile(file)) {
            throw new InferenceException("model file not found: " + file);
        }
        OrtEnvironment env = environment();
        ProviderStatus status = new ProviderStatus(requested, requested, "");
        OrtSession session;
        boolean fromCopy = false;
        try {
            if (requested == ExecutionProvider.CUDA) {
                String why = cudaUnavailableReason(env);
                if (why == null) {
                    try {
                        session = createSession(env, file, appended, true, options);
                    } catch (OrtException e) {
                        if (!isCudaLoadFailure(e)) {
                            throw e;
                        }
                        LOG.warn("CUDA provider failed, using the CPU: {}", e.getMessage());
                        why = "CUDA could not be initialised (" + firstLine(e.getMessage()) + ")";
                        session = null;
                    }
                } else {
                    session = null;
                }
                if (session == null) {
                    status =
                            new ProviderStatus(
                                    requested, ExecutionProvider.CPU, why + "; running on the CPU");
                    Created c = createCpuSession(env, file, appended, options);
                    session = c.session();
                    fromCopy = c.fromOptimizedCopy();
                }
            } else {
                Created c = createCpuSession(env, file, appended, options);
                session = c.session();
                fromCopy = c.fromOptimizedCopy();
            }
        } catch (OrtException e) {
            throw new InferenceException(describeLoadFailure(file, e), e);
        }
        try {
            ModelSignature signature = signature(session, file);
            Map<String, String> metadata = session.getMetadata().getCustomMetadata();
            return new OnnxClassifier(
                    env,
                    session,
                    signature,
                    Map.copyOf(metadata),
                    status,
                    fromCopy,
                    onSharedPool(options));
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof InferenceException ie) {
                throw ie;
            }
            throw new InferenceException(
                    "could not read the model's inputs and outputs: " + e.getMessage(), e);
        }
    }

    /** A session and whether it was loaded from the optimized-model cache. */
    private record Created(OrtSession session, boolean fromOptimizedCopy) {}

    /**
     * A CPU session, from the optimized copy in the cache when there is a good one; otherwise built
     * from the model, writing that copy for next time. The cache never makes a load fail: any
     * trouble with it and the model is loaded as without one.
     */
    private static Created createCpuSession(
            OrtEnvironment env, Path file, byte[] appended, InferenceOptions o)
            throws OrtException {
        if (o.optimizedModels() == null) {
            return new Created(createSession(env, file, appended, false, o), false);
        }
        OptimizedModelCache cache = new OptimizedModelCache(o.optimizedModels());
        OptimizedModelCache.Key key;
        Path written;
        try {
            key = cache.key(file, appended, env.getVersion());
            Path hit = cache.find(key);
            if (hit != null) {
                OrtSession session = loadCopy(env, hit, o);
                if (session != null) {
                    return new Created(session, true);
                }
                LOG.warn("ONNX Runtime refused the optimized copy of {}; building it again", file);
                cache.invalidate(key);
            }
            written = cache.temporaryFile(key);
        } catch (IOException | RuntimeException e) {
            LOG.warn("no optimized-model cache for {}: {}", file.getFileName(), e.toString());
            return new Created(createSession(env, file, appended, false, o), false);
        }
        OrtSession session;
        Path source = withAppended(file, appended, cache, key);
        try (OrtSession.SessionOptions options = sessionOptions(false, o)) {
            options.setOptimizedModelFilePath(written.toString());
            // ONNX Runtime warns that an NCHWc graph is hardware specific: the key holds the CPU.
            options.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            session =
                    source != null
                            ? env.createSession(source.toString(), options)
                            : create(env, file, appended, options);
        } catch (OrtException e) {
            deleteQuietly(written);
            // Saving may be what failed (a model over protobuf's 2 GB), or the temporary file
            // (external data resolves next to the original only): load as without a cache.
            return new Created(createSession(env, file, appended, false, o), false);
        } finally {
            if (source != null && !source.equals(file)) {
                deleteQuietly(source);
            }
        }
        try {
            cache.commit(key, written, file);
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "could not keep the optimized copy of {}: {}",
                    file.getFileName(),
                    e.toString());
            deleteQuietly(written);
        }
        return new Created(session, false);
    }

    /** The optimized copy as a session (optimizing it again would only cost time), or null. */
    private static OrtSession loadCopy(OrtEnvironment env, Path copy, InferenceOptions o) {
        try (OrtSession.SessionOptions options = sessionOptions(false, o)) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            return env.createSession(copy.toString(), options);
        } catch (OrtException e) {
            LOG.debug("optimized copy {} refused: {}", copy, firstLine(e.getMessage()));
            return null;
        }
    }

    /**
     * The file to build the optimized copy from: the model itself, or a temporary file holding it
     * with {@code appended} (loading by path peaks at ~250 MB less than loading resnext50's bytes
     * from a buffer); null when that file cannot be written.
     */
    private static Path withAppended(
            Path file, byte[] appended, OptimizedModelCache cache, OptimizedModelCache.Key key) {
        if (appended == null || appended.length == 0) {
            return file;
        }
        Path tmp = null;
        try {
            tmp = cache.temporaryFile(key);
            io.resnextexplorer.onnx.ExtraOutputs.write(file, appended, tmp);
            return tmp;
        } catch (IOException e) {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
            return null;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", p, e.toString());
        }
    }

    private static OrtSession createSession(
            OrtEnvironment env, Path file, byte[] appended, boolean cuda, InferenceOptions o)
            throws OrtException {
        try (OrtSession.SessionOptions options = sessionOptions(cuda, o)) {
            return create(env, file, appended, options);
        }
    }

    private static OrtSession create(
            OrtEnvironment env, Path file, byte[] appended, OrtSession.SessionOptions options)
            throws OrtException {
        if (appended == null || appended.length == 0) {
            return env.createSession(file.toString(), options);
        }
        java.nio.ByteBuffer model;
        try {
            model = io.resnextexplorer.onnx.ExtraOutputs.append(file, appended);
        } catch (IOException e) {
            throw new InferenceException("could not read " + file + ": " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            // A model made from bytes has no folder of its own: external data resolves here.
            options.addConfigEntry(
                    "session.model_external_initializers_file_folder_path", dir.toString());
        }
        return env.createSession(model, options);
    }

    private static OrtSession.SessionOptions sessionOptions(boolean cuda, InferenceOptions o)
            throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (onSharedPool(o)) {
                options.disablePerSessionThreads();
            } else {
                if (o.intraOpThreads() > 0) {
                    options.setIntraOpNumThreads(o.intraOpThreads());
                }
                if (o.interOpThreads() > 0) {
                    options.setInterOpNumThreads(o.interOpThreads());
                }
            }
            options.setMemoryPatternOptimization(o.memoryPattern());
            options.setCPUArenaAllocator(o.cpuArena());
            if (cuda) {
                try (OrtCUDAProviderOptions cudaOptions = cudaOptions()) {
                    options.addCUDA(cudaOptions);
                }
            }
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    /**
     * The CUDA provider's options: device 0; cuDNN picks each convolution's fastest algorithm once
     * per input shape (EXHAUSTIVE, ONNX Runtime's default: a slower first run, then the best
     * kernels for batch-1 inference); the GPU memory arena grows by what is asked, not to the next
     * power of two, so four models loaded together do not reserve twice what they use.
     */
    private static OrtCUDAProviderOptions cudaOptions() throws OrtException {
        OrtCUDAProviderOptions o = new OrtCUDAProviderOptions(0);
        o.add("cudnn_conv_algo_search", "EXHAUSTIVE");
        o.add("arena_extend_strategy", "kSameAsRequested");
        return o;
    }

    /**
     * Loads ONNX Runtime's native libraries from {@code root} (unpacked there once) instead of
     * unpacking them from the jar in every process; see {@link NativeLibraryFolder}. Call before
     * anything else touches ONNX Runtime.
     */
    public static void useNativeLibraryFolder(Path root) {
        NativeLibraryFolder.use(root);
    }

    /**
     * Loads ONNX Runtime's native library and creates its environment (~200 ms, once per process),
     * so the first model load does not wait for it. Safe to call from any thread, any number of
     * times.
     */
    public static void warmUp() {
        environment();
    }

    /*
     * One intra-op thread pool for every session in the process. With a pool per session (ONNX
     * Runtime's default), two models run one after the other, as compare and evaluate do, each
     * found the other's threads still spinning: 60 ms per resnext50 run instead of 27 on 2 cores
     * (measured, README Performance). The shared pool has ONNX Runtime's default size (one
     * thread per physical core); a session asking for explicit thread counts (bench --threads)
     * gets a pool of its own, as before.
     */
    private static final Object ENVIRONMENT_LOCK = new Object();
    private static OrtEnvironment environment;
    private static boolean sharedPool;

    private static OrtEnvironment environment() {
        synchronized (ENVIRONMENT_LOCK) {
            if (environment == null) {
                try (OrtEnvironment.ThreadingOptions t = new OrtEnvironment.ThreadingOptions()) {
                    environment =
                            OrtEnvironment.getEnvironment(
                                    ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
                                    "resnext-explorer",
                                    t);
                    sharedPool = true;
                } catch (IllegalStateException e) {
                    // Someone made the environment first: sessions keep pools of their own.
                    LOG.debug("no shared ONNX Runtime thread pool: {}", e.toString());
                    environment = OrtEnvironment.getEnvironment();
                    sharedPool = false;
                }
            }
            return environment;
        }
    }

    /** Whether a session with these options runs on the process's shared thread pool. */
    private static boolean onSharedPool(InferenceOptions o) {
        synchronized (ENVIRONMENT_LOCK) {
            return sharedPool && o.interOpThreads() == 0 && o.intraOpThreads() == 0;
        }
    }

    /**
     * Whether the ONNX Runtime on the class path was built with the CUDA provider (the {@code
     * -Pgpu} build). True does not mean a GPU is usable: opening a session may still fall back.
     */
    public static boolean cudaInThisBuild() {
        return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    }

    /** Null when this build of ONNX Runtime offers CUDA, else why not. */
    private static String cudaUnavailableReason(OrtEnvironment env) {
        if (!cudaInThisBuild()) {
            return "this build uses the CPU-only ONNX Runtime (build with 'mvn -Pgpu package' for"
                    + " CUDA)";
        }
        return null;
    }

    private static boolean isCudaLoadFailure(OrtException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("CUDA")
                || m.contains("cuda")
                || m.contains("shared library")
                || m.contains("ORT_FAIL")
                || m.contains("ORT_EP_FAIL");
    }

    private static String describeLoadFailure(Path file, OrtException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("INVALID_PROTOBUF") || m.contains("Protobuf parsing failed")) {
            return "not an ONNX model: " + file.getFileName() + " could not be parsed as ONNX";
        }
        if (m.contains("NOT_IMPLEMENTED") || m.contains("not implemented")) {
            return "this ONNX model uses an operator this ONNX Runtime cannot run: " + firstLine(m);
        }
        if (m.contains("INVALID_GRAPH") || m.contains("opset")) {
            return "the ONNX graph in " + file.getFileName() + " is invalid: " + firstLine(m);
        }
        return "could not load " + file.getFileName() + ": " + firstLine(m);
    }

    private static String firstLine(String s) {
        String t = s == null ? "" : s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    private static ModelSignature signature(OrtSession session, Path file) throws OrtException {
        String inputName = null;
        long[] inputShape = null;
        for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
            if (e.getValue().getInfo() instanceof TensorInfo t && t.getShape().length == 4) {
                inputName = e.getKey();
                inputShape = t.getShape();
                break;
            }
        }
        if (inputName == null) {
            StringBuilder found = new StringBuilder();
            for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
                found.append(found.length() == 0 ? "" : ", ")
                        .append(e.getKey())
                        .append(' ')
                        .append(e.getValue().getInfo());
            }
            throw new InferenceException(
                    "not an image classifier: "
                            + file.getFileName()
                            + " has no 4-D image input [N, 3, H, W] (inputs: "
                            + found
                            + ")");
        }
        if (session.getInputInfo().size() != 1) {
            throw new InferenceException(
                    "not a single-input image classifier: "
                            + file.getFileName()
                            + " needs "
                            + session.getInputInfo().size()
                            + " inputs");
        }
        TensorInfo in = (TensorInfo) session.getInputInfo().get(inputName).getInfo();
        if (in.type != ai.onnxruntime.OnnxJavaType.FLOAT) {
            throw new InferenceException(
                    "unsupported input type "
                            + in.type
                            + " in "
                            + file.getFileName()
                            + " (expected float32)");
        }
        if (inputShape[1] != 3 && inputShape[1] > 0) {
            throw new InferenceException(
                    "not an RGB image classifier: the input has "
                            + inputShape[1]
                            + " channels, expected 3");
        }
        Map<String, long[]> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
            if (e.getValue().getInfo() instanceof TensorInfo t) {
                outputs.put(e.getKey(), t.getShape());
            }
        }
        return new ModelSignature(inputName, inputShape, outputs);
    }

    /** The image input and outputs of the graph. */
    public ModelSignature signature() {
        return signature;
    }

    /** The file's metadata_props. */
    public Map<String, String> metadata() {
        return metadata;
    }

    public ProviderStatus provider() {
        return provider;
    }

    /** Whether this session runs on the process's shared intra-op thread pool. */
    public boolean sharedThreadPool() {
        return sharedThreadPool;
    }

    /** Whether this session was loaded from an optimized copy in the cache (see the options). */
    public boolean fromOptimizedCopy() {
        return fromOptimizedCopy;
    }

    /**
     * Runs a batch and copies out the named outputs.
     *
     * @param input NCHW float32, length batch * 3 * height * width
     * @param batch N
     * @param height H in pixels (the model's input height)
     * @param width W in pixels
     * @param outputs graph output names to fetch (only these are copied out of native memory)
     * @return the fetched outputs by name, in the order asked
     */
    public Map<String, Tensor> run(
            float[] input, int batch, int height, int width, List<String> outputs) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new InferenceException("the model was closed (switched or unloaded)");
            }
            return runOpen(input, batch, height, width, outputs);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private Map<String, Tensor> runOpen(
            float[] input, int batch, int height, int width, List<String> outputs) {
        long[] shape = {batch, 3, height, width};
        Set<String> wanted = new LinkedHashSet<>(outputs);
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                OrtSession.Result result =
                        session.run(Map.of(signature.inputName(), tensor), wanted)) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (String name : wanted) {
                out.put(name, tensor(result, name));
            }
            return out;
        } catch (OrtException e) {
            throw new InferenceException("inference failed: " + firstLine(e.getMessage()), e);
        }
    }

    private static Tensor tensor(OrtSession.Result result, String name) throws OrtException {
        OnnxValue v =
                result.get(name)
                        .orElseThrow(() -> new InferenceException("the model produced no " + name));
        if (!(v instanceof OnnxTensor t) || t.getInfo().type != ai.onnxruntime.OnnxJavaType.FLOAT) {
            throw new InferenceException("output " + name + " is not a float32 tensor");
        }
        // getFloatBuffer() already copies native memory into a new heap buffer: take its array
        // rather than copying it once more.
        FloatBuffer buffer = t.getFloatBuffer();
        float[] data;
        if (buffer.hasArray()
                && buffer.arrayOffset() == 0
                && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            data = buffer.array();
        } else {
            data = new float[buffer.remaining()];
            buffer.get(data);
        }
        return new Tensor(data, t.getInfo().getShape());
    }

    /** Waits for runs in flight, then frees the native session; later runs fail cleanly. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                closeQuietly(session);
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("closing an ONNX Runtime session failed", e);
        }
    }
}

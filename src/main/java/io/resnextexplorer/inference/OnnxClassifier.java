package io.resnextexplorer.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.ModelSignature;
import io.resnextexplorer.model.ProviderStatus;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ONNX image classifier session: one NCHW float32 image input, a [N, classes] logits output and
 * optionally a 4-D feature-map output. The only class that talks to ONNX Runtime; it knows nothing
 * about images or labels. Thread-safe: ONNX Runtime sessions may run concurrently.
 */
public final class OnnxClassifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxClassifier.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelSignature signature;
    private final String logitsOutput;
    private final String featuresOutput;
    private final Map<String, String> metadata;
    private final ProviderStatus provider;

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
            String logitsOutput,
            String featuresOutput,
            Map<String, String> metadata,
            ProviderStatus provider) {
        this.env = env;
        this.session = session;
        this.signature = signature;
        this.logitsOutput = logitsOutput;
        this.featuresOutput = featuresOutput;
        this.metadata = metadata;
        this.provider = provider;
    }

    /**
     * Opens a model file on the requested provider, falling back to the CPU (with the reason in
     * {@link #provider()}) when CUDA cannot be used.
     *
     * @throws InferenceException when the file is missing, not ONNX, or not an image classifier
     */
    public static OnnxClassifier open(Path file, ExecutionProvider requested) {
        if (!Files.isRegularFile(file)) {
            throw new InferenceException("model file not found: " + file);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        ProviderStatus status = new ProviderStatus(requested, requested, "");
        OrtSession session;
        try {
            if (requested == ExecutionProvider.CUDA) {
                String why = cudaUnavailableReason(env);
                if (why == null) {
                    try {
                        session = createSession(env, file, true);
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
                    session = createSession(env, file, false);
                }
            } else {
                session = createSession(env, file, false);
            }
        } catch (OrtException e) {
            throw new InferenceException(describeLoadFailure(file, e), e);
        }
        try {
            ModelSignature signature = signature(session, file);
            String logits = findLogits(signature, file);
            String features = findFeatures(signature, logits);
            Map<String, String> metadata = session.getMetadata().getCustomMetadata();
            return new OnnxClassifier(
                    env, session, signature, logits, features, Map.copyOf(metadata), status);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof InferenceException ie) {
                throw ie;
            }
            throw new InferenceException(
                    "could not read the model's inputs and outputs: " + e.getMessage(), e);
        }
    }

    private static OrtSession createSession(OrtEnvironment env, Path file, boolean cuda)
            throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (cuda) {
                options.addCUDA(0);
            }
            return env.createSession(file.toString(), options);
        }
    }

    /** Null when this build of ONNX Runtime offers CUDA, else why not. */
    private static String cudaUnavailableReason(OrtEnvironment env) {
        Set<OrtProvider> available = OrtEnvironment.getAvailableProviders();
        if (!available.contains(OrtProvider.CUDA)) {
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

    private static String findLogits(ModelSignature signature, Path file) {
        long[] preferred = signature.outputs().get("logits");
        if (preferred != null && preferred.length == 2 && preferred[1] > 0) {
            return "logits";
        }
        for (Map.Entry<String, long[]> e : signature.outputs().entrySet()) {
            long[] s = e.getValue();
            if (s.length == 2 && s[1] > 0) {
                return e.getKey();
            }
        }
        throw new InferenceException(
                "not an image classifier: "
                        + file.getFileName()
                        + " has no [N, classes] output with a fixed number of classes");
    }

    private static String findFeatures(ModelSignature signature, String logits) {
        for (Map.Entry<String, long[]> e : signature.outputs().entrySet()) {
            if (!e.getKey().equals(logits) && e.getValue().length == 4) {
                return e.getKey();
            }
        }
        return null;
    }

    /** The image input and outputs of the graph. */
    public ModelSignature signature() {
        return signature;
    }

    public String logitsOutput() {
        return logitsOutput;
    }

    /** The 4-D last-stage feature output, or null when the graph has none. */
    public String featuresOutput() {
        return featuresOutput;
    }

    /** The file's metadata_props. */
    public Map<String, String> metadata() {
        return metadata;
    }

    public ProviderStatus provider() {
        return provider;
    }

    /** Number of classes of the logits output. */
    public int numClasses() {
        long[] s = signature.outputs().get(logitsOutput);
        return (int) s[1];
    }

    /**
     * Runs a batch.
     *
     * @param input NCHW float32, length batch * 3 * height * width
     * @param batch N
     * @param height H in pixels (the model's input height)
     * @param width W in pixels
     * @param withFeatures also return the feature map (for heatmaps)
     * @return logits [batch * classes] and, if asked and present, the feature map
     */
    public Output run(float[] input, int batch, int height, int width, boolean withFeatures) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new InferenceException("the model was closed (switched or unloaded)");
            }
            return runOpen(input, batch, height, width, withFeatures);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private Output runOpen(float[] input, int batch, int height, int width, boolean withFeatures) {
        long[] shape = {batch, 3, height, width};
        Set<String> wanted =
                withFeatures && featuresOutput != null
                        ? Set.of(logitsOutput, featuresOutput)
                        : Set.of(logitsOutput);
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                OrtSession.Result result =
                        session.run(Map.of(signature.inputName(), tensor), wanted)) {
            float[] logits = floats(result, logitsOutput);
            float[] features = null;
            long[] featureShape = null;
            if (wanted.size() == 2) {
                features = floats(result, featuresOutput);
                featureShape = ((TensorInfo) result.get(featuresOutput).get().getInfo()).getShape();
            }
            return new Output(logits, numClasses(), features, featureShape);
        } catch (OrtException e) {
            throw new InferenceException("inference failed: " + firstLine(e.getMessage()), e);
        }
    }

    private static float[] floats(OrtSession.Result result, String name) {
        OnnxValue v =
                result.get(name)
                        .orElseThrow(() -> new InferenceException("the model produced no " + name));
        FloatBuffer buffer = ((OnnxTensor) v).getFloatBuffer();
        float[] out = new float[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    /**
     * Raw outputs of one batch.
     *
     * @param logits row-major [batch, numClasses]
     * @param numClasses classes per row
     * @param features row-major feature map, or null
     * @param featureShape its shape [batch, C, h, w], or null
     */
    public record Output(float[] logits, int numClasses, float[] features, long[] featureShape) {}

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

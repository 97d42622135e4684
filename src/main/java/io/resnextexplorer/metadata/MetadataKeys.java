package io.resnextexplorer.metadata;

/**
 * The keys of our ONNX metadata schema (docs/metadata-schema.md). The Python side's twin is
 * onnx-export/resnext_export/metadata.py; change both together and bump the schema version when a
 * key changes meaning.
 */
public final class MetadataKeys {
    private MetadataKeys() {}

    public static final int SCHEMA_VERSION = 1;
    public static final String PREFIX = "resnext_explorer.";

    public static final String SCHEMA = PREFIX + "schema_version";
    public static final String ID = PREFIX + "id";
    public static final String TIMM_NAME = PREFIX + "timm_name";
    public static final String TIMM_TAG = PREFIX + "timm_tag";
    public static final String NUM_CLASSES = PREFIX + "num_classes";
    public static final String LABELS = PREFIX + "labels";
    public static final String PREPROCESS = PREFIX + "preprocess";
    public static final String CARD = PREFIX + "card";
    public static final String WEIGHTS = PREFIX + "weights";
    public static final String SOURCE_PARAMS = PREFIX + "source_params";
    public static final String SOURCE_MACS = PREFIX + "source_macs";
    public static final String REFERENCE = PREFIX + "reference";
    public static final String VERSIONS = PREFIX + "versions";
    public static final String OUTPUTS = PREFIX + "outputs";

    /** How an int8 variant was quantized; only int8 variants have it. */
    public static final String QUANTIZATION = PREFIX + "quantization";
}

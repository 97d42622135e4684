package io.resnextexplorer.imageio;

import java.util.Optional;

/**
 * Names what a file is from its first bytes ("magic numbers"), for messages where a file turned out
 * not to be what was asked for: the image decoder's and the ONNX reader's. One list of signatures
 * for both, so a PNG dropped where a model was expected is called a PNG the same way everywhere.
 */
public final class FileSignatures {
    private FileSignatures() {}

    /**
     * @param head the file's first bytes (16 are enough for every binary signature; text is told by
     *     up to 512)
     * @return e.g. "a PNG image", "a PDF document", "a ZIP archive (...)", "a text file"; empty
     *     when no known signature matches
     */
    public static Optional<String> describe(byte[] head) {
        return FormatSniffer.whatItIs(head);
    }
}

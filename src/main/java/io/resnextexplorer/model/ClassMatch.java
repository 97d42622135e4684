package io.resnextexplorer.model;

import java.util.List;

/**
 * Which sub-folders of a labelled folder (ImageFolder layout) are which of a model's classes.
 *
 * @param matched folders with a class, in folder-name order
 * @param unmatched folders with none, and why (never guessed)
 */
public record ClassMatch(List<Folder> matched, List<Unmatched> unmatched) {
    public ClassMatch {
        matched = List.copyOf(matched);
        unmatched = List.copyOf(unmatched);
    }

    /** How a folder name was matched. */
    public enum Via {
        /** a class-map file the user gave */
        CLASS_MAP,
        /** an ImageNet synset id (timm's synset list) */
        SYNSET,
        /** the model's class name */
        LABEL
    }

    /**
     * @param folder the sub-folder's name
     * @param classIndex the model's own class index
     * @param label the model's name for that class
     * @param via how it was matched
     */
    public record Folder(String folder, int classIndex, String label, Via via) {}

    /**
     * @param folder the sub-folder's name
     * @param reason why it has no class, in words
     */
    public record Unmatched(String folder, String reason) {}
}

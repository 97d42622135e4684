package io.resnextexplorer.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnextexplorer.metadata.ImageNetLabels;
import io.resnextexplorer.metadata.ImageNetSynsets;
import io.resnextexplorer.model.ClassMatch;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClassMatcherTest {
    private static final ClassMatcher IMAGENET =
            new ClassMatcher(ImageNetLabels.get(), ImageNetSynsets.get(), Map.of());

    private static ClassMatch.Folder only(ClassMatch m) {
        assertEquals(1, m.matched().size(), m.toString());
        return m.matched().get(0);
    }

    @Test
    void bundledSynsetsAreTimmsImageNetOrder() {
        assertEquals("n01440764", ImageNetSynsets.get().get(0));
        assertEquals("n02012849", ImageNetSynsets.get().get(134));
        assertEquals("n03126707", ImageNetSynsets.get().get(517));
        assertTrue(ImageNetSynsets.isImageNet1k(ImageNetLabels.get()));
    }

    @Test
    void aFewSynsetsMapToTheModelsOwnIndicesNotToFolderOrder() {
        ClassMatch m = IMAGENET.match(List.of("n02391049", "n01443537", "n03126707"));
        assertEquals(3, m.matched().size());
        assertEquals(
                List.of(1, 340, 517),
                m.matched().stream().map(ClassMatch.Folder::classIndex).toList());
        assertTrue(m.matched().stream().allMatch(f -> f.via() == ClassMatch.Via.SYNSET));
        assertTrue(m.unmatched().isEmpty());
    }

    @Test
    void labelsMatchByAnyOfTheirNamesIgnoringCaseAndUnderscores() {
        assertEquals(0, only(IMAGENET.match(List.of("tench"))).classIndex());
        assertEquals(0, only(IMAGENET.match(List.of("Tench, Tinca tinca"))).classIndex());
        ClassMatch.Folder shark = only(IMAGENET.match(List.of("Great_White_Shark")));
        assertEquals(2, shark.classIndex());
        assertEquals(ClassMatch.Via.LABEL, shark.via());
        // "maillot" is the whole label of 638 and a name of 639: the whole label wins.
        assertEquals(638, only(IMAGENET.match(List.of("maillot"))).classIndex());
    }

    @Test
    void ambiguousAndUnknownNamesAreListedNeverGuessed() {
        ClassMatch m = IMAGENET.match(List.of("crane", "n99999999", "unicorn"));
        assertTrue(m.matched().isEmpty());
        assertEquals(3, m.unmatched().size());
        ClassMatch.Unmatched crane = m.unmatched().get(0);
        assertEquals("crane", crane.folder());
        assertTrue(
                crane.reason().contains("134 crane") && crane.reason().contains("517 crane"),
                crane.reason());
        assertTrue(m.unmatched().get(1).reason().contains("not one of ImageNet-1k"));
        assertTrue(m.unmatched().get(2).reason().contains("no class"));
    }

    @Test
    void aClassMapSettlesWhatNamesCannotAndWins() {
        ClassMatcher withMap =
                new ClassMatcher(
                        ImageNetLabels.get(),
                        ImageNetSynsets.get(),
                        Map.of(
                                "crane",
                                "n02012849",
                                "my fish",
                                "1",
                                "tench",
                                "goldfish",
                                "bad",
                                "1000"));
        ClassMatch m = withMap.match(List.of("crane", "my fish", "tench", "bad"));
        assertEquals(
                List.of("crane:134", "my fish:1", "tench:1"),
                m.matched().stream().map(f -> f.folder() + ":" + f.classIndex()).toList());
        assertTrue(m.matched().stream().allMatch(f -> f.via() == ClassMatch.Via.CLASS_MAP));
        assertEquals("bad", m.unmatched().get(0).folder());
        assertTrue(m.unmatched().get(0).reason().contains("1000 classes"));
    }

    @Test
    void synsetFoldersOnANonImageNetModelAskForAClassMap() {
        List<String> labels = IntStream.range(0, 10).mapToObj(i -> "class " + i).toList();
        ClassMatch m =
                new ClassMatcher(labels, null, Map.of()).match(List.of("n01440764", "class_3"));
        assertEquals(3, only(m).classIndex());
        assertTrue(m.unmatched().get(0).reason().contains("class map"));
    }

    @Test
    void classMapFilesInBothForms() {
        assertEquals(
                Map.of("a dir", "n01440764", "b", "3"),
                ClassMatcher.parseClassMap(List.of("# comment", "a dir\tn01440764", "", "b\t3")));
        // timm's --class-map form: line i names the folder of class i.
        assertEquals(
                Map.of("zero", "0", "two", "2"),
                ClassMatcher.parseClassMap(List.of("zero", "", "two")));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ClassMatcher.parseClassMap(List.of("a\t1", "a\t2")));
        assertTrue(e.getMessage().contains("line 2"));
    }
}

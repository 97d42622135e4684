package io.resnextexplorer.preprocess;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** imageio and preprocess stay UI- and runtime-free, and independent of each other. */
class PixelPackagesArchitectureTest {

    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.resnextexplorer.imageio", "io.resnextexplorer.preprocess");

    @Test
    void pixelPackagesUseNeitherJavafxNorOnnxRuntime() {
        noClasses()
                .that()
                .resideInAnyPackage("..imageio..", "..preprocess..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javafx..", "ai.onnxruntime..")
                .check(CLASSES);
    }

    @Test
    void preprocessDoesNotDependOnDecodingOrAwt() {
        noClasses()
                .that()
                .resideInAPackage("..preprocess..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..imageio..", "java.awt..", "javax.imageio..")
                .check(CLASSES);
    }
}

package io.resnextexplorer.onnx;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class OnnxPackageArchitectureTest {

    @Test
    void graphInspectorUsesNeitherJavaFxNorOnnxRuntimeNorOtherAppPackages() {
        JavaClasses classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.resnextexplorer.onnx");

        noClasses()
                .that()
                .resideInAPackage("io.resnextexplorer.onnx..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "javafx..",
                        "ai.onnxruntime..",
                        "io.resnextexplorer.ui..",
                        "io.resnextexplorer.service..",
                        "io.resnextexplorer.inference..",
                        "io.resnextexplorer.cli..")
                .check(classes);
    }
}

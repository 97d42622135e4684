package io.resnextexplorer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point inward: app -> {ui, cli} -> {session, service} -> core (inference, imageio,
 * preprocess, postprocess, metadata, onnx, heatmap, hub, evaluation) -> model.
 */
class ArchitectureTest {
    private static final String ROOT = "io.resnextexplorer.";

    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.resnextexplorer");

    @Test
    void layersOnlyUseTheLayersBelowThem() {
        layeredArchitecture()
                .consideringOnlyDependenciesInAnyPackage("io.resnextexplorer..")
                .layer("App")
                .definedBy(ROOT + "app..")
                .layer("Ui")
                .definedBy(ROOT + "ui..")
                .layer("Cli")
                .definedBy(ROOT + "cli..")
                .layer("UseCases")
                .definedBy(ROOT + "session..", ROOT + "service..")
                .layer("Core")
                .definedBy(
                        ROOT + "inference..",
                        ROOT + "imageio..",
                        ROOT + "preprocess..",
                        ROOT + "postprocess..",
                        ROOT + "metadata..",
                        ROOT + "onnx..",
                        ROOT + "heatmap..",
                        ROOT + "hub..",
                        ROOT + "evaluation..")
                .optionalLayer("Model")
                .definedBy(ROOT + "model..")
                .whereLayer("App")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Ui")
                .mayOnlyBeAccessedByLayers("App")
                .whereLayer("Cli")
                .mayOnlyBeAccessedByLayers("App")
                .whereLayer("UseCases")
                .mayOnlyBeAccessedByLayers("App", "Ui", "Cli")
                .whereLayer("Core")
                .mayOnlyBeAccessedByLayers("UseCases")
                .check(CLASSES);
    }

    @Test
    void topLevelPackagesHaveNoCycles() {
        slices().matching(ROOT + "(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void onlyTheUiAndAppUseJavaFx() {
        noClasses()
                .that()
                .resideOutsideOfPackages("..ui..", "..app..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..")
                .check(CLASSES);
    }

    @Test
    void onlyTheInferencePackageUsesOnnxRuntime() {
        noClasses()
                .that()
                .resideOutsideOfPackage("..inference..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.onnxruntime..")
                .check(CLASSES);
    }

    @Test
    void coreDoesNotDependOnUiOrCli() {
        noClasses()
                .that()
                // Anchored: "..metadata.." would also match the GUI's own ui.metadata package.
                .resideInAnyPackage(
                        "io.resnextexplorer.model..",
                        "io.resnextexplorer.metadata..",
                        "io.resnextexplorer.onnx..",
                        "io.resnextexplorer.imageio..",
                        "io.resnextexplorer.preprocess..",
                        "io.resnextexplorer.inference..",
                        "io.resnextexplorer.heatmap..",
                        "io.resnextexplorer.service..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..ui..", "..cli..", "..app..")
                .check(CLASSES);
    }

    @Test
    void modelRecordsDependOnNothingOfOurs() {
        noClasses()
                .that()
                .resideInAPackage("..model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "..metadata..",
                        "..onnx..",
                        "..imageio..",
                        "..preprocess..",
                        "..inference..",
                        "..service..")
                .check(CLASSES);
    }
}

package io.rollcall.app.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The one-way layers inside {@code app} (drawn in docs/architecture.md), from the compiled classes. Each layer uses
 * only the layers below it; packages of one layer may use each other, but no two packages form a cycle.
 */
class AppLayersTest {

    private static final String APP = "io.rollcall.app";
    private static final JavaClasses APP_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(APP);

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Operations").definedBy(APP + ".ops..")
                .layer("Edges").definedBy(APP + ".web..", APP + ".ws..")
                .layer("Access").definedBy(APP + ".security..", APP + ".throttle..")
                .layer("Axon").definedBy(APP + ".axon..")
                .layer("Storage").definedBy(APP + ".mongo..", APP + ".eventstore..", APP + ".cluster..")
                .layer("Base").definedBy(APP + ".config..", APP + ".envelope..", APP + ".metrics..", APP + ".live..",
                        APP + ".logging..", APP + ".console..")
                .whereLayer("Operations").mayNotBeAccessedByAnyLayer()
                .whereLayer("Edges").mayOnlyBeAccessedByLayers("Operations")
                .whereLayer("Access").mayOnlyBeAccessedByLayers("Operations", "Edges")
                .whereLayer("Axon").mayOnlyBeAccessedByLayers("Operations", "Edges", "Access")
                .whereLayer("Storage").mayOnlyBeAccessedByLayers("Operations", "Edges", "Access", "Axon")
                .check(APP_CLASSES);
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        slices().matching(APP + ".(*)..").should().beFreeOfCycles().check(APP_CLASSES);
    }
}

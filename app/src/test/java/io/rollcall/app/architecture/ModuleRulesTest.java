package io.rollcall.app.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The modules' one-way rules, from the compiled classes: the messages ({@code api}) depend on nothing of ours, the
 * write and read models only on the messages, and neither knows the application around them. (The layering
 * inside {@code app} is checked by {@link AppLayersTest}.)
 */
class ModuleRulesTest {

    private static final JavaClasses ROLLCALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.rollcall");

    @Test
    void theMessagesDependOnNothingOfOurs() {
        noClasses().that().resideInAPackage("io.rollcall.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rollcall.command..", "io.rollcall.query..",
                        "io.rollcall.app..")
                .check(ROLLCALL);
    }

    @Test
    void theWriteModelKnowsOnlyTheMessages() {
        noClasses().that().resideInAPackage("io.rollcall.command..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rollcall.query..", "io.rollcall.app..")
                .check(ROLLCALL);
    }

    @Test
    void theReadModelKnowsOnlyTheMessages() {
        noClasses().that().resideInAPackage("io.rollcall.query..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rollcall.command..", "io.rollcall.app..")
                .check(ROLLCALL);
    }
}

package dev.orchestra.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The chassis knows no service: every service builds on it, never the other way round. */
class ArchitectureTest {

    @Test
    void platformKnowsNoService() {
        noClasses().that().resideInAPackage("dev.orchestra.platform..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.orchestra.auth..", "dev.orchestra.project..",
                        "dev.orchestra.sync..", "dev.orchestra.billing..", "dev.orchestra.notification..", "dev.orchestra.engine..")
                .because("platform is the chassis every service shares")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.orchestra.platform"));
    }
}

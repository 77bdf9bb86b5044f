package dev.orchestra.platform.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The layers every service keeps, checked on its compiled classes (each service's ArchitectureTest
 * runs them): {@code rest} → {@code service} → {@code repository} → {@code domain}, with
 * {@code messaging} (consumers) and {@code client} (outside systems) at the edges.
 * <ul>
 *   <li>{@code rest} never reaches {@code repository}: a resource asks a service.</li>
 *   <li>{@code domain} depends on nothing above it.</li>
 *   <li>{@code messaging} reaches only {@code service} (and the domain): never a repository, a resource or a client.</li>
 *   <li>No cycle between the service's packages.</li>
 * </ul>
 */
public final class ArchitectureRules {

    private ArchitectureRules() {
    }

    /** The service's own classes, tests left out. */
    public static JavaClasses classesOf(String basePackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(basePackage);
    }

    public static List<ArchRule> rules(String basePackage) {
        String base = basePackage + ".";
        return List.of(
                noClasses().that().resideInAPackage(base + "rest..")
                        .should().dependOnClassesThat().resideInAPackage(base + "repository..")
                        .because("a resource asks a service; only services reach the database"),
                noClasses().that().resideInAPackage(base + "domain..")
                        .should().dependOnClassesThat().resideInAnyPackage(base + "rest..", base + "service..", base + "repository..",
                                base + "messaging..", base + "client..")
                        .because("the domain depends on nothing above it"),
                noClasses().that().resideInAPackage(base + "messaging..")
                        .should().dependOnClassesThat().resideInAnyPackage(base + "rest..", base + "repository..", base + "client..")
                        .because("a consumer decodes and hands over to a service"),
                slices().matching(basePackage + ".(*)..").should().beFreeOfCycles()
                        .because("each layer builds only on the ones below it"));
    }

    /** Fails with every violation of every rule. */
    public static void check(String basePackage) {
        JavaClasses classes = classesOf(basePackage);
        rules(basePackage).forEach(rule -> rule.check(classes));
    }
}

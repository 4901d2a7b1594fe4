package io.taidon.platform.test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape every Taidon service keeps (STYLE.md "Shape"), checked with ArchUnit on the service's main classes. A
 * service's test extends it with its root package and adds rules of its own:
 *
 * <pre>{@code
 * class SqlRunnerArchitectureTests extends ServiceArchitectureTests {
 *     SqlRunnerArchitectureTests() { super("io.taidon.sqlrunner"); }
 * }
 * }</pre>
 *
 * Rules: controllers, entities and repositories are package-private (a feature is used through its service); the
 * feature packages ({@code <root>.<feature>}) depend on each other without cycles (the wiring in {@code config} may
 * reach every feature); no class reaches into another
 * service's code (only {@code io.taidon.platform} is shared: domain types stay in the service that owns them); only
 * a service's {@code client} and {@code config} packages build HTTP clients (one way to call another service); no
 * field injection.
 */
public abstract class ServiceArchitectureTests {

    /** The service's main classes, tests left out. */
    protected final JavaClasses classes;

    /** The service's root package, e.g. {@code io.taidon.sqlrunner}. */
    protected final String rootPackage;

    /** @param rootPackage the service's root package, e.g. {@code io.taidon.sqlrunner} */
    protected ServiceArchitectureTests(String rootPackage) {
        this.rootPackage = rootPackage;
        this.classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(rootPackage);
    }

    @Test
    void shouldKeepControllersEntitiesAndRepositoriesPackagePrivate() {
        classes().that()
            .areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
            .or()
            .areAnnotatedWith("jakarta.persistence.Entity")
            .or()
            .areAssignableTo("org.springframework.data.repository.Repository")
            .should()
            .notBePublic()
            .allowEmptyShould(true)
            .check(this.classes);
    }

    @Test
    void shouldKeepFeaturePackagesFreeOfCycles() {
        // config/ is wiring: it may reach every feature, as every feature may read its settings
        slices().matching(this.rootPackage + ".(*)..")
            .should()
            .beFreeOfCycles()
            .ignoreDependency(resideInAPackage(this.rootPackage + ".config.."), DescribedPredicate.alwaysTrue())
            .check(this.classes);
    }

    @Test
    void shouldNotReachIntoAnotherServicesCode() {
        noClasses().should()
            .dependOnClassesThat(resideInAPackage("io.taidon..")
                .and(resideInAnyPackage(this.rootPackage + "..", "io.taidon.platform..").negate()))
            .because("services share only the platform module and talk over REST")
            .check(this.classes);
    }

    @Test
    void shouldCallOtherServicesOnlyFromClientPackages() {
        noClasses().that()
            .resideOutsideOfPackages(callerPackages())
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework.web.client..", "org.springframework.web.service..")
            .because("calls to another service go through one XxxClient per downstream (client/<downstream>/)")
            .check(this.classes);
    }

    /**
     * @return the package patterns whose classes may build HTTP clients: {@code <root>.client..} and
     *         {@code <root>.config..}; a service whose feature is calling others (the gateway's routes) adds it
     */
    protected String[] callerPackages() {
        return new String[] { this.rootPackage + ".client..", this.rootPackage + ".config.." };
    }

    @Test
    void shouldNotUseFieldInjection() {
        NO_CLASSES_SHOULD_USE_FIELD_INJECTION.check(this.classes);
    }
}

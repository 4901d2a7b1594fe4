package io.taidon.sqlrunner;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;
import org.springframework.data.repository.Repository;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Boundaries of sql-runner: lower layers never reach up; web, JPA types stay package-private. */
class ArchitectureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.taidon.sqlrunner");

    @Test
    void shouldKeepScriptChainAndExecutionFreeOfRunsAndSpringWeb() {
        noClasses().that()
            .resideInAnyPackage("..sqlrunner.script..", "..sqlrunner.chain..", "..sqlrunner.execution..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..sqlrunner.run..", "org.springframework.web..", "jakarta.persistence..")
            .check(CLASSES);
    }

    @Test
    void shouldKeepScriptAndExecutionFreeOfOtherServices() {
        // the chain cache is one level of the run's cache and talks to snapshot-cache and env-manager; statements
        // and sessions never do
        noClasses().that()
            .resideInAnyPackage("..sqlrunner.script..", "..sqlrunner.execution..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..sqlrunner.client..")
            .check(CLASSES);
    }

    @Test
    void shouldKeepControllersEntitiesAndRepositoriesPackagePrivate() {
        classes().that()
            .areAnnotatedWith(RestController.class)
            .or()
            .areAnnotatedWith(Entity.class)
            .or()
            .areAssignableTo(Repository.class)
            .should()
            .notHaveModifier(JavaModifier.PUBLIC)
            .check(CLASSES);
    }
}

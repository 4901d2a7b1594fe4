package io.taidon.snapshotcache;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;
import org.springframework.data.repository.Repository;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class SnapshotCacheArchitectureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.taidon.snapshotcache");

    @Test
    void shouldKeepControllersEntitiesAndRepositoriesPackagePrivate() {
        classes().that().areAnnotatedWith(RestController.class).or().areAnnotatedWith(Entity.class)
            .or().areAssignableTo(Repository.class)
            .should().notBePublic()
            .check(CLASSES);
    }

    @Test
    void shouldKeepFeaturePackagesFreeOfCycles() {
        slices().matching("io.taidon.snapshotcache.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void shouldReachObjectStorageOnlyThroughTheStoragePackage() {
        noClasses().that().resideOutsideOfPackages("io.taidon.snapshotcache.storage..",
                "io.taidon.snapshotcache.config..")
            .should().dependOnClassesThat().resideInAPackage("io.minio..")
            .check(CLASSES);
    }
}

package io.taidon.snapshotcache;

import org.junit.jupiter.api.Test;

import io.taidon.platform.test.ServiceArchitectureTests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** snapshot-cache's shape: the rules every service keeps, and object storage reached through one package. */
class SnapshotCacheArchitectureTests extends ServiceArchitectureTests {

    SnapshotCacheArchitectureTests() {
        super("io.taidon.snapshotcache");
    }

    @Test
    void shouldReachObjectStorageOnlyThroughTheStoragePackage() {
        noClasses().that().resideOutsideOfPackages("io.taidon.snapshotcache.storage..",
                "io.taidon.snapshotcache.config..")
            .should().dependOnClassesThat().resideInAPackage("io.minio..")
            .check(this.classes);
    }
}

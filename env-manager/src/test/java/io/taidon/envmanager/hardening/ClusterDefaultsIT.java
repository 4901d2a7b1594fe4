package io.taidon.envmanager.hardening;

import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.taidon.envmanager.TestDirectories;

/** {@link ClusterDefaultsScenarios} on the process runtime. */
class ClusterDefaultsIT extends ClusterDefaultsScenarios {

    private static final Path DATA_DIR = TestDirectories.create("taidon-cluster-defaults-");

    @DynamicPropertySource
    static void processRuntime(DynamicPropertyRegistry registry) {
        registerCommon(registry, DATA_DIR);
        registry.add("taidon.env-manager.runtime", () -> "process");
        registry.add("taidon.env-manager.binaries-dir",
                () -> Path.of("target", "postgres-binaries").toAbsolutePath().toString());
    }
}

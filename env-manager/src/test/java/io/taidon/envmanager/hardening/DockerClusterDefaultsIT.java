package io.taidon.envmanager.hardening;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.taidon.envmanager.TestDirectories;

import io.taidon.envmanager.runtime.docker.DockerTestSupport;

/**
 * {@link ClusterDefaultsScenarios} on the docker runtime (real engine, locally built sandbox image); skipped without
 * an engine unless {@code TAIDON_REQUIRE_DOCKER=true}.
 */
class DockerClusterDefaultsIT extends ClusterDefaultsScenarios {

    private static final Path DATA_DIR = TestDirectories.create("taidon-cluster-defaults-");

    private static DockerTestSupport support;

    @BeforeAll
    static void requireDocker() {
        support = DockerTestSupport.require();
    }

    @AfterAll
    static void closeDocker() {
        if (support != null) {
            support.close(); // removes the run's network and anything left behind
        }
    }

    @DynamicPropertySource
    static void dockerRuntime(DynamicPropertyRegistry registry) {
        registerCommon(registry, DATA_DIR);
        registry.add("taidon.env-manager.runtime", () -> "docker");
        registry.add("taidon.env-manager.docker.image", () -> support.properties().image());
        registry.add("taidon.env-manager.docker.network", () -> support.properties().network());
    }
}

package io.taidon.envmanager.hardening;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import io.taidon.envmanager.TestDirectories;
import io.taidon.envmanager.runtime.SandboxRuntime;
import io.taidon.envmanager.runtime.docker.DockerSandboxRuntime;
import io.taidon.envmanager.runtime.docker.DockerTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same hardening points, executed as the learner in a sandbox of the docker runtime (real engine, locally
 * built image); skipped without an engine unless {@code TAIDON_REQUIRE_DOCKER=true}.
 */
class DockerSandboxHardeningIT extends SandboxHardeningIT {

    private DockerTestSupport support;

    private Path dataDir;

    @Override
    SandboxRuntime newRuntime() throws IOException {
        this.support = DockerTestSupport.require();
        this.dataDir = TestDirectories.create("taidon-docker-hardening-");
        return new DockerSandboxRuntime(this.support.docker(), this.support.properties(), this.dataDir,
                Duration.ofSeconds(90), false);
    }

    @Override
    String sandboxId() {
        return this.support.sandboxId("hardening");
    }

    @Override
    void assertRemoved() {
        try {
            assertThat(this.support.leftovers()).isEmpty();
            assertThat(this.dataDir.resolve(sandboxId())).doesNotExist();
        }
        finally {
            this.support.close(); // removes the run's network and anything left behind
        }
    }
}

package io.taidon.envmanager.snapshot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.http.HttpStatus;

import io.taidon.envmanager.config.EnvManagerProperties;
import io.taidon.envmanager.runtime.SandboxSpec;
import io.taidon.envmanager.runtime.kubernetes.KubernetesProperties;
import io.taidon.envmanager.runtime.kubernetes.KubernetesSandboxRuntime;
import io.taidon.envmanager.sandbox.PhaseClock;
import io.taidon.platform.problem.TaidonProblemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With a runtime that cannot reach data files (kubernetes), capture and restore refuse with 501 before touching the
 * sandbox, the store or the cluster (every collaborator but the runtime is absent here, so any use would fail
 * otherwise).
 */
class KubernetesSnapshotsTests {

    // no client: the runtime must answer dataFilesReachable() without calling the cluster
    private final KubernetesSandboxRuntime runtime = new KubernetesSandboxRuntime(null, KubernetesProperties.defaults(),
            Duration.ofSeconds(1), false);

    @Test
    void shouldRefuseACaptureBeforeStoppingTheSandbox() {
        SnapshotCaptureService capture = new SnapshotCaptureService(null, this.runtime, null, null, null, null);

        assertThatThrownBy(() -> capture.capture("sb_one", "auto", null, null, "key", null, false))
            .isInstanceOfSatisfying(SnapshotsUnsupportedException.class, ex -> {
                assertThat(ex.getMessage()).contains("kubernetes runtime");
                assertThat(((TaidonProblemException) ex).status()).isEqualTo(HttpStatus.NOT_IMPLEMENTED);
            });
    }

    @Test
    void shouldRefuseARestoreAndOfferNoEmptyTemplate(@TempDir Path dir) {
        EnvManagerProperties properties = new Binder(new MapConfigurationPropertySource(
                Map.of("taidon.env-manager.data-dir", dir.toString()))).bindOrCreate("taidon.env-manager",
                        EnvManagerProperties.class);
        SnapshotRestore restore = new SnapshotRestore(null, this.runtime, null, properties);
        SandboxSpec spec = new SandboxSpec("sb_two", "u_anon_x", "pw");

        assertThatThrownBy(() -> restore.materialise(spec, "sn_1", new PhaseClock(new SimpleMeterRegistry(), "kubernetes")))
            .isInstanceOf(SnapshotsUnsupportedException.class);
        assertThat(restore.fromEmptyTemplate(spec, new PhaseClock(new SimpleMeterRegistry(), "kubernetes"))).isEmpty();
    }
}

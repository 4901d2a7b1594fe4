package io.taidon.envmanager.config;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuntimeConfigurationTests {

    @Test
    void shouldTakeAConfiguredRuntimeWithoutAskingDocker() {
        AtomicInteger asked = new AtomicInteger();

        for (String runtime : new String[] { "docker", "kubernetes", "process" }) {
            assertThat(RuntimeConfiguration.choose(runtime, () -> {
                asked.incrementAndGet();
                return null;
            })).isEqualTo(runtime);
        }
        assertThat(asked).hasValue(0);
    }

    @Test
    void shouldNeverPickKubernetesForAuto() {
        assertThat(RuntimeConfiguration.choose("auto", () -> null)).isEqualTo("docker");
        assertThat(RuntimeConfiguration.choose("auto", () -> "no engine at unix:///var/run/docker.sock"))
            .isEqualTo("process");
    }

    @Test
    void shouldRefuseAnUnknownRuntime() {
        assertThatThrownBy(() -> RuntimeConfiguration.choose("k8s", () -> null)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("auto, docker, kubernetes, process");
    }
}

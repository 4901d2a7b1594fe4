package io.taidon.envmanager.config;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import io.taidon.envmanager.config.EnvManagerProperties.RuntimeChoice;
import io.taidon.envmanager.runtime.SandboxRuntime;
import io.taidon.envmanager.runtime.docker.DockerProperties;
import io.taidon.envmanager.runtime.kubernetes.KubernetesProperties;
import io.taidon.envmanager.runtime.kubernetes.KubernetesSandboxRuntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@EnableKubernetesMockClient(crud = true)
class RuntimeConfigurationTests {

    KubernetesClient client;

    @Test
    void shouldBuildTheKubernetesRuntimeFromTheNamesTheHelmChartRenders() {
        // the keys deploy/helm/taidon/templates/env-manager.yaml writes (ChartPolicyTests checks the chart's side)
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("taidon.env-manager.runtime", "kubernetes",
                "taidon.env-manager.kubernetes.namespace", "learners", "taidon.env-manager.kubernetes.image",
                "registry.local/taidon/sandbox:18", "taidon.env-manager.kubernetes.storage-class", "",
                "taidon.env-manager.kubernetes.storage-size", "1GB", "taidon.env-manager.kubernetes.run-as-user", "999")));
        EnvManagerProperties properties = binder.bindOrCreate("taidon.env-manager", EnvManagerProperties.class);
        KubernetesProperties kubernetes = binder.bindOrCreate("taidon.env-manager.kubernetes", KubernetesProperties.class);

        SandboxRuntime runtime = new RuntimeConfiguration().sandboxRuntime(properties, DockerProperties.defaults(),
                kubernetes, null, this.client);

        assertThat(runtime).isInstanceOf(KubernetesSandboxRuntime.class);
        assertThat(((KubernetesSandboxRuntime) runtime).namespace()).isEqualTo("learners");
        assertThat(kubernetes.image()).isEqualTo("registry.local/taidon/sandbox:18");
        assertThat(kubernetes.storageClass()).isNullOrEmpty();
        assertThat(kubernetes.storageSize()).isEqualTo(DataSize.ofGigabytes(1));
        assertThat(kubernetes.runAsUser()).isEqualTo(999);
    }

    @Test
    void shouldTakeAConfiguredRuntimeWithoutAskingDocker() {
        AtomicInteger asked = new AtomicInteger();

        for (String runtime : new String[] { "docker", "kubernetes", "process" }) {
            assertThat(RuntimeConfiguration.choose(RuntimeChoice.of(runtime), () -> {
                asked.incrementAndGet();
                return null;
            }).value()).isEqualTo(runtime);
        }
        assertThat(asked).hasValue(0);
    }

    @Test
    void shouldNeverPickKubernetesForAuto() {
        assertThat(RuntimeConfiguration.choose(RuntimeChoice.AUTO, () -> null).value()).isEqualTo("docker");
        assertThat(RuntimeConfiguration.choose(RuntimeChoice.AUTO, () -> "no engine at unix:///var/run/docker.sock")
            .value()).isEqualTo("process");
    }

    @Test
    void shouldRefuseAnUnknownRuntime() {
        assertThatThrownBy(() -> RuntimeChoice.of("k8s")).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("auto, docker, kubernetes, process");
    }
}

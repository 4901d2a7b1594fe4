package io.taidon.envmanager.config;

import java.util.function.Supplier;

import com.github.dockerjava.api.DockerClient;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import io.taidon.envmanager.config.EnvManagerProperties.RuntimeChoice;
import io.taidon.envmanager.hardening.SandboxHardening;
import io.taidon.envmanager.runtime.SandboxRuntime;
import io.taidon.envmanager.runtime.docker.DockerEngine;
import io.taidon.envmanager.runtime.docker.DockerProperties;
import io.taidon.envmanager.runtime.docker.DockerSandboxRuntime;
import io.taidon.envmanager.runtime.kubernetes.KubernetesProperties;
import io.taidon.envmanager.runtime.kubernetes.KubernetesSandboxRuntime;
import io.taidon.envmanager.runtime.process.PostgresBinaries;
import io.taidon.envmanager.runtime.process.ProcessSandboxRuntime;

/**
 * Chooses the sandbox runtime ({@code taidon.env-manager.runtime}: {@code docker}, {@code kubernetes},
 * {@code process}, or {@code auto} = docker when an engine answers and holds the sandbox image, else process; never
 * kubernetes) and the hardening every sandbox gets.
 */
@Configuration(proxyBeanMethods = false)
class RuntimeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RuntimeConfiguration.class);

    @Bean(destroyMethod = "close")
    @Lazy
    DockerClient dockerClient(DockerProperties docker) {
        return DockerEngine.client(docker);
    }

    @Bean(destroyMethod = "close")
    @Lazy
    KubernetesClient kubernetesClient(KubernetesProperties kubernetes) {
        // fabric8's defaults: the pod's service account in the cluster, else ~/.kube/config (KUBECONFIG)
        Config config = new ConfigBuilder(Config.autoConfigure(null)).withRequestTimeout((int) kubernetes.requestTimeout().toMillis()).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Bean
    SandboxRuntime sandboxRuntime(EnvManagerProperties properties, DockerProperties docker,
            KubernetesProperties kubernetes, @Lazy DockerClient dockerClient,
            @Lazy KubernetesClient kubernetesClient) {
        RuntimeChoice runtime = choose(properties.runtime(),
                () -> DockerEngine.unavailableReason(dockerClient, docker.image()));
        switch (runtime) {
            case DOCKER -> {
                log.info("runtime docker (taidon.env-manager.runtime={}, image {} at {})", properties.runtime(),
                        docker.image(), docker.host());
                return new DockerSandboxRuntime(dockerClient, docker, properties.sandboxesDir(),
                        properties.startTimeout(), properties.fsync());
            }
            case KUBERNETES -> {
                log.info("runtime kubernetes (namespace {}, image {}, API server {})", kubernetes.namespace(),
                        kubernetes.image(), kubernetesClient.getMasterUrl());
                return new KubernetesSandboxRuntime(kubernetesClient, kubernetes, properties.startTimeout(),
                        properties.fsync());
            }
            default -> {
                log.info("runtime process (taidon.env-manager.runtime={})", properties.runtime());
                return new ProcessSandboxRuntime(PostgresBinaries.extract(properties.postgresBinariesDir()),
                        properties.sandboxesDir(), properties.startTimeout(), properties.fsync());
            }
        }
    }

    /**
     * Resolves {@code taidon.env-manager.runtime}: {@code docker}, {@code kubernetes} and {@code process} as
     * configured; {@code auto} is docker when the engine answers and holds the image, else process, and never
     * kubernetes (which only runs where it is configured: the Helm chart sets it).
     *
     * @param configured the configured value (an unknown name fails at binding, or in {@link RuntimeChoice#of})
     * @param dockerUnavailable why docker cannot be used, or null when it can (asked for {@code auto} only)
     * @return {@link RuntimeChoice#DOCKER}, {@link RuntimeChoice#KUBERNETES} or {@link RuntimeChoice#PROCESS}
     */
    static RuntimeChoice choose(RuntimeChoice configured, Supplier<@Nullable String> dockerUnavailable) {
        if (configured != RuntimeChoice.AUTO) {
            return configured;
        }
        String reason = dockerUnavailable.get();
        if (reason != null) {
            log.info("runtime auto: process ({})", reason);
            return RuntimeChoice.PROCESS;
        }
        log.info("runtime auto: docker (the engine answers and holds the sandbox image)");
        return RuntimeChoice.DOCKER;
    }

    @Bean
    SandboxHardening sandboxHardening(EnvManagerProperties properties) {
        return new SandboxHardening(properties.learner());
    }
}

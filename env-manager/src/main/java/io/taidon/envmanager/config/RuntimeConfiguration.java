package io.taidon.envmanager.config;

import com.github.dockerjava.api.DockerClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import io.taidon.envmanager.hardening.SandboxHardening;
import io.taidon.envmanager.runtime.SandboxRuntime;
import io.taidon.envmanager.runtime.docker.DockerEngine;
import io.taidon.envmanager.runtime.docker.DockerProperties;
import io.taidon.envmanager.runtime.docker.DockerSandboxRuntime;
import io.taidon.envmanager.runtime.process.PostgresBinaries;
import io.taidon.envmanager.runtime.process.ProcessSandboxRuntime;

/**
 * Chooses the sandbox runtime ({@code taidon.env-manager.runtime}: {@code docker}, {@code process}, or
 * {@code auto} = docker when an engine answers and holds the sandbox image, else process) and the hardening every
 * sandbox gets.
 */
@Configuration(proxyBeanMethods = false)
class RuntimeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RuntimeConfiguration.class);

    @Bean(destroyMethod = "close")
    @Lazy
    DockerClient dockerClient(DockerProperties docker) {
        return DockerEngine.client(docker);
    }

    @Bean
    SandboxRuntime sandboxRuntime(EnvManagerProperties properties, DockerProperties docker,
            @Lazy DockerClient dockerClient) {
        String runtime = properties.runtime();
        boolean useDocker = switch (runtime) {
            case DockerSandboxRuntime.NAME -> {
                log.info("runtime docker (taidon.env-manager.runtime=docker, image {})", docker.image());
                yield true;
            }
            case ProcessSandboxRuntime.NAME -> {
                log.info("runtime process (taidon.env-manager.runtime=process)");
                yield false;
            }
            case "auto" -> {
                String reason = DockerEngine.unavailableReason(dockerClient, docker.image());
                if (reason != null) {
                    log.info("runtime auto: process ({})", reason);
                }
                else {
                    log.info("runtime auto: docker (the engine at {} answers and holds the image {})", docker.host(),
                            docker.image());
                }
                yield reason == null;
            }
            default -> throw new IllegalStateException(
                    "taidon.env-manager.runtime=" + runtime + " is not one of auto, docker, process");
        };
        if (useDocker) {
            return new DockerSandboxRuntime(dockerClient, docker, properties.sandboxesDir(), properties.startTimeout(),
                    properties.fsync());
        }
        return new ProcessSandboxRuntime(PostgresBinaries.extract(properties.postgresBinariesDir()),
                properties.sandboxesDir(), properties.startTimeout(), properties.fsync());
    }

    @Bean
    SandboxHardening sandboxHardening(EnvManagerProperties properties) {
        return new SandboxHardening(properties.learner());
    }
}

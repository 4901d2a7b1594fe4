package io.taidon.envmanager.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.taidon.envmanager.hardening.SandboxHardening;
import io.taidon.envmanager.runtime.SandboxRuntime;
import io.taidon.envmanager.runtime.process.PostgresBinaries;
import io.taidon.envmanager.runtime.process.ProcessSandboxRuntime;

/** Chooses the sandbox runtime ({@code taidon.env-manager.runtime}) and the hardening every sandbox gets. */
@Configuration(proxyBeanMethods = false)
class RuntimeConfiguration {

    @Bean
    SandboxRuntime sandboxRuntime(EnvManagerProperties properties) {
        String runtime = properties.runtime();
        if (!ProcessSandboxRuntime.NAME.equals(runtime) && !"auto".equals(runtime)) {
            throw new IllegalStateException("taidon.env-manager.runtime=" + runtime
                    + " is not available yet; use 'process' (or 'auto', which is 'process' until the docker runtime exists)");
        }
        return new ProcessSandboxRuntime(PostgresBinaries.extract(properties.postgresBinariesDir()),
                properties.sandboxesDir(), properties.startTimeout(), properties.fsync());
    }

    @Bean
    SandboxHardening sandboxHardening(EnvManagerProperties properties) {
        return new SandboxHardening(properties.learner());
    }
}

package io.taidon.envmanager;

import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.taidon.platform.test.PlatformContractTests;
import io.taidon.platform.test.TestControlPlane;
import io.taidon.platform.test.TestTokenIssuer;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EnvManagerPlatformIT extends PlatformContractTests {

    @DynamicPropertySource
    static void controlPlane(DynamicPropertyRegistry registry) {
        TestControlPlane.register(registry, "envs");
        TestTokenIssuer.register(registry);
        registry.add("taidon.audit.relay-enabled", () -> "false");
        registry.add("taidon.env-manager.runtime", () -> "process");
        registry.add("taidon.env-manager.data-dir", () -> Path.of("target", "platform-it-sandboxes").toAbsolutePath().toString());
        registry.add("taidon.env-manager.binaries-dir", () -> Path.of("target", "postgres-binaries").toAbsolutePath().toString());
    }
}

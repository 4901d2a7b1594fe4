package io.taidon.snapshotcache;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.taidon.platform.test.PlatformContractTests;
import io.taidon.platform.test.TestControlPlane;
import io.taidon.platform.test.TestTokenIssuer;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SnapshotCachePlatformIT extends PlatformContractTests {

    @DynamicPropertySource
    static void controlPlane(DynamicPropertyRegistry registry) {
        TestControlPlane.register(registry, "snapshots");
        TestTokenIssuer.register(registry);
        registry.add("taidon.audit.relay-enabled", () -> "false");
        S3ProxyFixture.register(registry, "platform-it");
    }
}

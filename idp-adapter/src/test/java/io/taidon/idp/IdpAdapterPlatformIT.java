package io.taidon.idp;

import java.sql.Timestamp;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.taidon.idp.key.SigningKeys;
import io.taidon.platform.test.PlatformContractTests;
import io.taidon.platform.test.TestControlPlane;
import io.taidon.platform.test.TestTokenIssuer;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdpAdapterPlatformIT extends PlatformContractTests {

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private SigningKeys signingKeys;

    @DynamicPropertySource
    static void controlPlane(DynamicPropertyRegistry registry) {
        TestControlPlane.register(registry, "idp");
        TestTokenIssuer.register(registry);
        registry.add("taidon.audit.relay-enabled", () -> "false");
        registry.add("taidon.idp.service-clients.user-profile", () -> "contract-secret");
    }

    /**
     * idp-adapter trusts only the keys in its own table, so the shared fixture's key is stored there as a retired
     * key (published and trusted, never used to sign) for the contract tests' tokens.
     */
    @BeforeEach
    void trustTheFixtureKey() {
        this.jdbc.update("""
                insert into signing_keys (kid, private_jwk, created_at, retired_at) values (?, ?, ?, ?)
                on conflict (kid) do update set retired_at = excluded.retired_at""",
                TestTokenIssuer.get().key().getKeyID(), TestTokenIssuer.get().key().toJSONString(),
                Timestamp.from(Instant.now()), Timestamp.from(Instant.now()));
        this.signingKeys.reload();
    }
}

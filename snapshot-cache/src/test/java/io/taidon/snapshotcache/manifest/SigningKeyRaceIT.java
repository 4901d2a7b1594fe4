package io.taidon.snapshotcache.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import io.taidon.platform.test.QuotaStub;
import io.taidon.platform.test.TestControlPlane;
import io.taidon.platform.test.TestTokenIssuer;
import io.taidon.snapshotcache.S3ProxyFixture;

/**
 * On a new installation (no signing key yet) several commits sign at once, each inside its own transaction, as
 * uploads commit: all of them sign with the one key that wins the race to be created (a lost race used to abort
 * the caller's transaction, and the commit answered 500).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class SigningKeyRaceIT {

    private static final QuotaStub QUOTAS = new QuotaStub();

    @Autowired
    private SigningKeyService keys;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        QUOTAS.register(registry);
        // a schema of its own: its signing_key table starts empty
        TestControlPlane.register(registry, "snapshots_keys");
        TestTokenIssuer.register(registry);
        S3ProxyFixture.register(registry, "keys-it");
        registry.add("taidon.audit.relay-enabled", () -> "false");
        registry.add("taidon.snapshot-cache.retention.enabled", () -> "false");
    }

    @Test
    void shouldSignEveryConcurrentCommitWithTheOneKeyThatWonTheRaceToBeCreated() throws Exception {
        assertThat(this.jdbc.sql("select count(*) from signing_key").query(Long.class).single()).isZero();
        int commits = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(commits);
        List<Future<ManifestSignature>> signed = new ArrayList<>();
        byte[] canonical = "manifest".getBytes(StandardCharsets.UTF_8);
        try {
            for (int i = 0; i < commits; i++) {
                signed.add(pool.submit(() -> {
                    start.await();
                    return this.transactions.execute(status -> {
                        ManifestSignature signature = this.keys.sign(canonical);
                        // the caller's transaction is still usable after a lost race
                        this.jdbc.sql("select 1").query(Integer.class).single();
                        return signature;
                    });
                }));
            }
            start.countDown();
            List<String> keyIds = new ArrayList<>();
            for (Future<ManifestSignature> future : signed) {
                ManifestSignature signature = future.get();
                assertThat(this.keys.verify(canonical, signature)).isTrue();
                keyIds.add(signature.keyId());
            }
            assertThat(keyIds).hasSize(commits).containsOnly(keyIds.getFirst());
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(this.jdbc.sql("select count(*) from signing_key").query(Long.class).single()).isEqualTo(1);
    }
}

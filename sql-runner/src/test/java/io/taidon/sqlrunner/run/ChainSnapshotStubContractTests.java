package io.taidon.sqlrunner.run;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.taidon.platform.test.Contract;
import io.taidon.platform.test.TestTokenIssuer;

/**
 * {@link ChainSnapshotStub} plays snapshot-cache's chain cache as {@code contracts/snapshot-cache/chain-cache.json}
 * records it (snapshot-cache's {@code SnapshotStoreIT} replays the same file against the real controller).
 */
class ChainSnapshotStubContractTests {

    @Test
    void shouldPlaySnapshotCachesChainCacheWhenSqlRunnerLooksUpAndLeases() throws Exception {
        try (EnvManagerStub envManager = new EnvManagerStub();
                ChainSnapshotStub stub = new ChainSnapshotStub(envManager.baseUrl())) {
            Contract.load("snapshot-cache", "chain-cache").verify(stub.baseUrl(), Map.of("chainHash", "c".repeat(64),
                    "deeperChainHash", "d".repeat(64),
                    "serviceToken", TestTokenIssuer.get().serviceToken("sql-runner")));
        }
    }
}

package io.taidon.sqlrunner.run;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.taidon.platform.test.Contract;
import io.taidon.platform.test.TestTokenIssuer;

/**
 * {@link EnvManagerStub} plays env-manager's internal sandbox API as {@code contracts/env-manager/sandboxes.json}
 * records it (the launcher's {@code ContractsIT} replays the same file against the real env-manager).
 */
class EnvManagerStubContractTests {

    @Test
    void shouldPlayEnvManagersSandboxContractWhenSqlRunnerCallsIt() throws Exception {
        try (EnvManagerStub stub = new EnvManagerStub()) {
            Contract.load("env-manager", "sandboxes").verify(stub.baseUrl(), Map.of(
                    "userId", "u_contract_" + UUID.randomUUID().toString().substring(0, 8),
                    "otherUserId", "u_contract_other",
                    "chainHash", "a".repeat(64),
                    "otherChainHash", "b".repeat(64),
                    "serviceToken", TestTokenIssuer.get().serviceToken("sql-runner")));
        }
    }
}

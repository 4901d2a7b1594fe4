package io.taidon.profile;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.taidon.platform.test.Contract;

/**
 * {@link DownstreamStubs} play the usage and erasure endpoints user-profile calls as the contracts record them (the
 * launcher's {@code ContractsIT} replays the same files against the real services).
 */
class DownstreamStubsContractTests {

    private static final Map<String, String> GIVEN = Map.of("userId", "u_contract_nobody", "serviceToken",
            DownstreamStubs.SERVICE_TOKEN);

    @Test
    void shouldPlayEnvManagersUsageAndErasureWhenUserProfileCallsThem() {
        Contract.load("env-manager", "users").verify(DownstreamStubs.get().baseUrl("env-manager"), GIVEN);
    }

    @Test
    void shouldPlaySnapshotCachesUsageAndErasureWhenUserProfileCallsThem() {
        Contract.load("snapshot-cache", "users").verify(DownstreamStubs.get().baseUrl("snapshot-cache"), GIVEN);
    }

    @Test
    void shouldPlayTheOtherServicesErasureWhenUserProfileCallsThem() {
        for (String service : new String[] { "sql-runner", "audit-log", "idp-adapter" }) {
            Contract.load("platform", "erasure").verify(DownstreamStubs.get().baseUrl(service), GIVEN);
        }
    }
}

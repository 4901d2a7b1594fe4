package io.taidon.platform.test;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@link QuotaStub} plays user-profile's internal quota API as {@code contracts/user-profile/quotas.json} records it
 * (user-profile's {@code UserProfileIT} replays the same file against the real controller).
 */
class QuotaStubContractTests {

    @Test
    void shouldPlayUserProfilesQuotaContractWhenGivenTheLimitsOfAnAnonymousVisitor() {
        try (QuotaStub stub = new QuotaStub()) {
            // what user-profile's defaults give an anonymous visitor, as the contract's "given" says
            stub.limit("sandboxes", 1);
            stub.limit("snapshot-storage-bytes", 256L * 1024 * 1024);

            Contract.load("user-profile", "quotas").verify(stub.url(), Map.of("userId", "u_anon_contract",
                    "serviceToken", TestTokenIssuer.get().serviceToken("test-client")));
        }
    }
}

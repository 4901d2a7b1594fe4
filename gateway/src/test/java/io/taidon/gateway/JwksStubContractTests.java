package io.taidon.gateway;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.taidon.platform.test.Contract;
import io.taidon.platform.test.TestTokenIssuer;

/**
 * {@link JwksStub} plays idp-adapter's JWKS and revocation set as {@code contracts/idp-adapter/keys.json} records
 * them (the launcher's {@code ContractsIT} replays the same file against the real idp-adapter).
 */
class JwksStubContractTests {

    @Test
    void shouldPlayIdpAdaptersKeysAndRevocationsWhenTheGatewayReadsThem() {
        Contract.load("idp-adapter", "keys").verify(new JwksStub().baseUrl(),
                Map.of("serviceToken", TestTokenIssuer.get().serviceToken("gateway")));
    }
}

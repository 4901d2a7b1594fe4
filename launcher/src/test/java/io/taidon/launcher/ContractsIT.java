package io.taidon.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.taidon.platform.test.Contract;

/**
 * The producer side of the contracts whose doubles live in other services' tests: each recorded interaction
 * ({@code platform-test}'s {@code contracts/<producer>/*.json}) replayed against the real service of the end-to-end
 * suite, called directly with a real service token as its consumer calls it. The consumer side replays the same
 * files against the doubles ({@code EnvManagerStubContractTests}, {@code DownstreamStubsContractTests},
 * {@code JwksStubContractTests}).
 */
class ContractsIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void shouldAnswerSqlRunnerAsEnvManagerStubPlaysEnvManager() {
        RunningSuite suite = SharedSuite.get();
        Contract.load("env-manager", "sandboxes").verify(suite.serviceUrl(SuiteService.ENV_MANAGER), Map.of(
                "userId", newUserId(), "otherUserId", newUserId(),
                "chainHash", "a".repeat(64), "otherChainHash", "b".repeat(64),
                "serviceToken", serviceToken(SuiteService.SQL_RUNNER)));
    }

    @Test
    void shouldAnswerUserProfileAsDownstreamStubsPlayTheUsageAndErasureEndpoints() {
        RunningSuite suite = SharedSuite.get();
        Map<String, String> given = Map.of("userId", newUserId(), "serviceToken",
                serviceToken(SuiteService.USER_PROFILE));
        Contract.load("env-manager", "users").verify(suite.serviceUrl(SuiteService.ENV_MANAGER), given);
        Contract.load("snapshot-cache", "users").verify(suite.serviceUrl(SuiteService.SNAPSHOT_CACHE), given);
        for (SuiteService service : new SuiteService[] { SuiteService.SQL_RUNNER, SuiteService.AUDIT_LOG,
                SuiteService.IDP_ADAPTER }) {
            Contract.load("platform", "erasure").verify(suite.serviceUrl(service), given);
        }
    }

    @Test
    void shouldAnswerTheGatewayAsJwksStubPlaysIdpAdapter() {
        Contract.load("idp-adapter", "keys").verify(SharedSuite.get().serviceUrl(SuiteService.IDP_ADAPTER),
                Map.of("serviceToken", serviceToken(SuiteService.GATEWAY)));
    }

    private static String newUserId() {
        return "u_contract_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** @return a service token for the service, from idp-adapter's client-credentials grant with its secret */
    static String serviceToken(SuiteService service) {
        RunningSuite suite = SharedSuite.get();
        String basic = Base64.getEncoder().encodeToString((service.serviceName() + ":" + suite.clientSecret(service))
            .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(
                URI.create(suite.serviceUrl(SuiteService.IDP_ADAPTER) + "/oauth2/token"))
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
            .build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body()).path("access_token").asString();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}

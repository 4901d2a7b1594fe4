package io.taidon.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI documents the gateway publishes for its Swagger UI, from the real services. */
class PublicApiDocsIT {

    private static final List<String> SERVICES = List.of("idp-adapter", "user-profile", "env-manager",
            "snapshot-cache", "sql-runner", "vcs-sync", "audit-log");

    private static GatewayClient gateway;

    @BeforeAll
    static void startSuite() {
        gateway = new GatewayClient(SharedSuite.get().gatewayUrl());
    }

    @Test
    void shouldListOnlyPublicEndpointsAndNoInternalAddressWhenTheGatewayServesAServicesDocument() {
        for (String service : SERVICES) {
            GatewayClient.Answer docs = gateway.get("/v3/api-docs/" + service, null);
            assertThat(docs.status()).as(service + ": " + docs.text()).isEqualTo(200);
            List<String> paths = new ArrayList<>(docs.body().path("paths").propertyNames());
            assertThat(paths).as(service).isNotEmpty()
                .allSatisfy(path -> assertThat(path).matches("/api/.*|/\\.well-known/jwks\\.json|/login/oauth2/.*"));
            assertThat(docs.body().path("servers")).as(service).hasSize(1);
            assertThat(docs.body().path("servers").get(0).path("url").asString()).isEqualTo("/");
            assertThat(docs.text()).as(service).doesNotContain("/internal/", "127.0.0.1", "localhost:");
        }
    }

    @Test
    void shouldListNoInternalEndpointWhenTheGatewayServesItsOwnDocument() {
        GatewayClient.Answer docs = gateway.get("/v3/api-docs/gateway", null);

        assertThat(docs.status()).as(docs.text()).isEqualTo(200);
        assertThat(docs.text()).doesNotContain("/internal/");
    }
}

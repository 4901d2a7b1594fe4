package io.taidon.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.taidon.embedded.ServiceDatabase;

class SuiteConfigurationTests {

    private final Map<SuiteService, String> urls = new EnumMap<>(SuiteService.class);

    private final Map<SuiteService, String> secrets = new EnumMap<>(SuiteService.class);

    SuiteConfigurationTests() {
        for (SuiteService service : SuiteService.values()) {
            this.urls.put(service, "http://127.0.0.1:" + service.defaultPort());
            this.secrets.put(service, "secret-of-" + service.serviceName());
        }
    }

    private Map<String, String> configuration(SuiteService service) {
        ServiceDatabase database = new ServiceDatabase(service.schema(), "jdbc:postgresql://127.0.0.1:1/taidon",
                "taidon_" + service.schema(), "pw-" + service.schema());
        return Suite.configuration(service, database, 9999, this.urls, this.secrets, 8080,
                new DataDirectory(Path.of("/home/t")), null);
    }

    @Test
    void shouldGiveEveryServiceItsDatabaseTokenSettingsAndClientCredentials() {
        Map<String, String> properties = configuration(SuiteService.USER_PROFILE);

        assertThat(properties).containsEntry("server.port", "9999")
            .containsEntry("spring.datasource.username", "taidon_profile")
            .containsEntry("spring.datasource.password", "pw-profile")
            .containsEntry("taidon.security.issuer", "http://localhost:8080")
            .containsEntry("taidon.security.jwk-set-uri", "http://127.0.0.1:8081/.well-known/jwks.json")
            .containsEntry("taidon.service-client.client-id", "user-profile")
            .containsEntry("taidon.service-client.client-secret", "secret-of-user-profile")
            .containsEntry("taidon.service-client.token-uri", "http://127.0.0.1:8081/oauth2/token")
            .containsEntry("taidon.service-client.services.audit-log", "http://127.0.0.1:8086");
        assertThat(properties.keySet()).noneMatch(key -> key.startsWith("taidon.idp."));
    }

    @Test
    void shouldGiveOnlyIdpAdapterEveryClientSecret() {
        Map<String, String> properties = configuration(SuiteService.IDP_ADAPTER);

        for (SuiteService service : SuiteService.values()) {
            assertThat(properties).containsEntry("taidon.idp.service-clients." + service.serviceName(),
                    "secret-of-" + service.serviceName());
        }
    }

    @Test
    void shouldGiveEnvManagerItsSandboxDirectory() {
        assertThat(configuration(SuiteService.ENV_MANAGER)).containsEntry("taidon.env-manager.data-dir",
                Path.of("/home/t/sandboxes").toString());
    }

    @Test
    void shouldGiveVcsSyncTheKeysetFileUnderTheDataDirectory() {
        assertThat(configuration(SuiteService.VCS_SYNC)).containsEntry("taidon.vcs-sync.credentials.keyset-file",
                Path.of("/home/t/vcs-sync/credentials-keyset.json").toString());
        assertThat(configuration(SuiteService.GATEWAY)).containsEntry("taidon.service-client.services.vcs-sync",
                "http://127.0.0.1:8087");
    }

    @Test
    void shouldEscapeJsonWhenValuesHoldQuotesAndControlCharacters() {
        assertThat(Json.object(Map.of("a.b", "x\"y\\z\n\u0001"))).isEqualTo("{\"a.b\":\"x\\\"y\\\\z\\n\\u0001\"}");
    }
}

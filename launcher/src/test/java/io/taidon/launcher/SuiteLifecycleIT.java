package io.taidon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import io.taidon.embedded.ServiceDatabase;

/** What the launcher itself promises: every service ready, least-privilege roles, an owner-only data directory. */
class SuiteLifecycleIT {

    @ParameterizedTest
    @EnumSource(SuiteService.class)
    void shouldReportEveryServiceReadyWhenTheSuiteHasStarted(SuiteService service) throws Exception {
        RunningSuite suite = SharedSuite.get();
        HttpResponse<String> readiness = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(suite.serviceUrl(service) + "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString());

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"UP\"");
        assertThat(suite.log(service)).isNotEmptyFile();
    }

    @Test
    void shouldDenyOneServiceRoleTheSchemaOfAnotherWhenItQueriesIt() throws SQLException {
        RunningSuite suite = SharedSuite.get();
        ServiceDatabase profile = suite.database(SuiteService.USER_PROFILE);

        try (Connection connection = DriverManager.getConnection(profile.jdbcUrl(), profile.username(),
                profile.password()); Statement statement = connection.createStatement()) {
            try (ResultSet own = statement.executeQuery("select count(*) from profile.flyway_schema_history")) {
                assertThat(own.next()).isTrue();
                assertThat(own.getLong(1)).isPositive();
            }
            assertThatThrownBy(() -> statement.executeQuery("select count(*) from idp.flyway_schema_history"))
                .isInstanceOf(SQLException.class)
                .satisfies(ex -> assertThat(((SQLException) ex).getSQLState()).isEqualTo("42501"));
            assertThatThrownBy(() -> statement.execute("create table public.stray (id int)"))
                .isInstanceOf(SQLException.class)
                .satisfies(ex -> assertThat(((SQLException) ex).getSQLState()).isEqualTo("42501"));
        }
        assertThat(profile.username()).isEqualTo("taidon_profile");
    }

    @Test
    void shouldRejectAServiceRoleWhenItGivesAWrongPassword() {
        RunningSuite suite = SharedSuite.get();
        ServiceDatabase idp = suite.database(SuiteService.IDP_ADAPTER);

        assertThatThrownBy(() -> DriverManager.getConnection(idp.jdbcUrl(), idp.username(), "not-" + idp.password())
            .close()).isInstanceOf(SQLException.class)
            .satisfies(ex -> assertThat(((SQLException) ex).getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void shouldKeepTheDataDirectoryOwnerOnlyWhenItCreatesIt() throws Exception {
        RunningSuite suite = SharedSuite.get();

        for (Path directory : new Path[] { suite.home(), suite.home().resolve("pg"), suite.home().resolve("s3"),
                suite.home().resolve("logs"), suite.home().resolve("sandboxes") }) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
                .as(directory.toString())
                .isEqualTo("rwx------");
        }
    }

    @Test
    void shouldNotWriteGeneratedSecretsToTheDataDirectoryWhenItStarts() throws Exception {
        RunningSuite suite = SharedSuite.get();
        String password = suite.database(SuiteService.AUDIT_LOG).password();
        String clientSecret = suite.clientSecret(SuiteService.GATEWAY);

        try (var files = Files.walk(suite.home())) {
            for (Path file : files.filter(Files::isRegularFile)
                .filter(file -> !file.startsWith(suite.home().resolve("jars")))
                .filter(file -> { try { return Files.size(file) < 20_000_000; } catch (Exception ex) { return false; } })
                .toList()) {
                String content;
                try {
                    content = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                }
                catch (java.nio.file.NoSuchFileException gone) {
                    // PostgreSQL and the services remove temporary files while we walk
                    continue;
                }
                assertThat(content).as(file.toString()).doesNotContain(password).doesNotContain(clientSecret);
            }
        }
    }
}

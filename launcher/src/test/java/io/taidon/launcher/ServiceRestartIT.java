package io.taidon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The launcher's supervision in the real suite: a service killed with SIGKILL comes back on its port with its
 * configuration, alone. Runs just before {@link SuiteShutdownIT}, which then checks that the restarted process
 * stops like the others.
 */
@Order(Integer.MAX_VALUE - 1)
class ServiceRestartIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @ParameterizedTest
    @EnumSource(value = SuiteService.class, names = { "AUDIT_LOG", "SQL_RUNNER" })
    void shouldRestartOnlyTheKilledServiceWhenItsProcessIsKilled(SuiteService victim) throws Exception {
        RunningSuite suite = SharedSuite.get();
        GatewayClient gateway = new GatewayClient(suite.gatewayUrl());
        GatewayClient.Answer anonymous = gateway.post("/api/auth/anonymous", null, null);
        assertThat(anonymous.status()).as(anonymous.text()).isEqualTo(201);
        String token = anonymous.string("accessToken");
        assertThat(throughGateway(gateway, victim, token)).isEqualTo(200);
        Map<SuiteService, ProcessHandle> before = new EnumMap<>(SuiteService.class);
        for (SuiteService service : SuiteService.values()) {
            before.put(service, suite.serviceProcess(service));
        }
        String logStart = head(suite, victim);

        ProcessHandle killed = before.get(victim);
        assertThat(killed.destroyForcibly()).isTrue();
        killed.onExit().get();
        long killedAt = System.nanoTime();

        await("a new " + victim.serviceName() + " process that is ready").atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> suite.serviceProcess(victim).pid() != killed.pid() && ready(suite, victim));
        Duration restarted = Duration.ofNanos(System.nanoTime() - killedAt);
        await("a request through the gateway that " + victim.serviceName() + " answers").atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(250))
            .ignoreExceptions()
            .until(() -> throughGateway(gateway, victim, token) == 200);
        System.out.printf("%s was ready again %.1f s after SIGKILL, answering through the gateway %.1f s after%n",
                victim.serviceName(), restarted.toMillis() / 1000.0,
                (System.nanoTime() - killedAt) / 1_000_000_000.0);

        assertThat(suite.serviceProcess(victim).isAlive()).isTrue();
        for (SuiteService other : SuiteService.values()) {
            if (other != victim) {
                assertThat(suite.serviceProcess(other)).as(other.serviceName()).isEqualTo(before.get(other));
                assertThat(before.get(other).isAlive()).as(other.serviceName()).isTrue();
            }
        }
        // the restarted process appends to the log: what the killed one wrote (e.g. an OutOfMemoryError) stays
        assertThat(head(suite, victim)).isEqualTo(logStart);
        assertThat(Files.size(suite.log(victim))).isGreaterThan(logStart.length());
    }

    private static String head(RunningSuite suite, SuiteService service) throws java.io.IOException {
        byte[] bytes = Files.readAllBytes(suite.log(service));
        return new String(bytes, 0, Math.min(bytes.length, 2000), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static boolean ready(RunningSuite suite, SuiteService service) throws InterruptedException {
        HttpRequest request = HttpRequest
            .newBuilder(URI.create(suite.serviceUrl(service) + "/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(2))
            .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        }
        catch (java.io.IOException ex) {
            return false;
        }
    }

    /** @return the status of a request through the gateway that needs the service */
    private static int throughGateway(GatewayClient gateway, SuiteService service, String token) {
        return switch (service) {
            case AUDIT_LOG -> gateway.get("/api/audit/events?page=0&size=5", token).status();
            case SQL_RUNNER -> {
                GatewayClient.Answer run = gateway.run(token, "select 41 + 1 as answer;");
                yield run.status() == 200 && run.text().contains("42") ? 200 : run.status();
            }
            default -> throw new IllegalArgumentException(service.toString());
        };
    }
}

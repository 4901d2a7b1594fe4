package io.taidon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Audit events travel from a service's outbox to audit-log and back to the user through the gateway. */
class AuditTrailIT {

    private static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(60);

    @Test
    void shouldShowTheUsersOwnAuditEventsWhenTheOutboxRelayHasDeliveredThem() {
        GatewayClient gateway = new GatewayClient(SharedSuite.get().gatewayUrl());
        GatewayClient.Answer anonymous = GatewayAuthIT.anonymous();
        GatewayClient.Answer registered = gateway.post("/api/auth/register", anonymous.string("accessToken"),
                GatewayAuthIT.credentials(GatewayAuthIT.newEmail()));
        assertThat(registered.status()).as(registered.text()).isEqualTo(201);
        String userId = anonymous.string("userId");
        String token = registered.string("accessToken");

        AtomicReference<GatewayClient.Answer> page = new AtomicReference<>();
        await("the user's auth.anonymous and auth.register events").atMost(DELIVERY_DEADLINE)
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> {
                GatewayClient.Answer answer = gateway.get("/api/audit/events?page=0&size=50", token);
                assertThat(answer.status()).as(answer.text()).isEqualTo(200);
                page.set(answer);
                List<String> delivered = actions(answer.body(), userId);
                return delivered.contains("auth.anonymous") && delivered.contains("auth.register");
            });
        GatewayClient.Answer events = page.get();
        List<String> actions = actions(events.body(), userId);

        assertThat(actions).as(events == null ? "" : events.text()).contains("auth.anonymous", "auth.register");
        for (JsonNode item : events.body().path("items")) {
            assertThat(item.path("actor").asString()).isEqualTo(userId);
        }
        GatewayClient.Answer someoneElse = gateway.get("/api/audit/events?page=0&size=50",
                GatewayAuthIT.anonymous().string("accessToken"));
        assertThat(someoneElse.status()).isEqualTo(200);
        assertThat(actions(someoneElse.body(), userId)).isEmpty();
    }

    private static List<String> actions(JsonNode page, String userId) {
        List<String> actions = new ArrayList<>();
        for (JsonNode item : page.path("items")) {
            if (userId.equals(item.path("actor").asString())) {
                actions.add(item.path("action").asString());
            }
        }
        return actions;
    }
}

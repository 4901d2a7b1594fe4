package io.taidon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sign-in flows through the gateway on the real services (contract: docs/ARCHITECTURE.md, DESIGN.md "API"). */
class GatewayAuthIT {

    private static GatewayClient gateway;

    @BeforeAll
    static void startSuite() {
        gateway = new GatewayClient(SharedSuite.get().gatewayUrl());
    }

    static GatewayClient.Answer anonymous() {
        GatewayClient.Answer answer = gateway.post("/api/auth/anonymous", null, null);
        assertThat(answer.status()).as(answer.text()).isEqualTo(201);
        return answer;
    }

    static Map<String, String> credentials(String email) {
        return Map.of("email", email, "password", "correct horse battery " + email.hashCode());
    }

    static String newEmail() {
        return "e2e-" + UUID.randomUUID() + "@example.test";
    }

    @Test
    void shouldIssueAnAnonymousTokenWhenAskedWithoutCredentials() {
        GatewayClient.Answer answer = anonymous();

        assertThat(answer.string("tokenType")).isEqualTo("Bearer");
        assertThat(answer.body().path("expiresIn").asLong()).isPositive();
        assertThat(answer.string("userId")).startsWith("u_anon_");
        assertThat(answer.string("accessToken").split("\\.")).hasSize(3);
    }

    @Test
    void shouldAnswerTheCallersProfileWhenGivenAnAnonymousToken() {
        GatewayClient.Answer token = anonymous();

        GatewayClient.Answer me = gateway.get("/api/me", token.string("accessToken"));

        assertThat(me.status()).as(me.text()).isEqualTo(200);
        assertThat(me.string("userId")).isEqualTo(token.string("userId"));
        assertThat(me.string("kind")).isEqualTo("anonymous");
    }

    @Test
    void shouldAnswer401ProblemDetailWhenNoTokenIsGiven() {
        GatewayClient.Answer me = gateway.get("/api/me", null);

        assertThat(me.status()).isEqualTo(401);
        assertThat(me.contentType()).startsWith("application/problem+json");
        assertThat(me.string("type")).startsWith("https://taidon.io/problems/");
        assertThat(me.body().path("status").asInt()).isEqualTo(401);
    }

    @Test
    void shouldNotRouteInternalEndpointsWhenCalledAtTheGateway() {
        String token = anonymous().string("accessToken");

        assertThat(gateway.get("/internal/users/x", token).status()).isEqualTo(404);
        assertThat(gateway.delete("/internal/users/x", token).status()).isEqualTo(404);
    }

    @Test
    void shouldKeepTheUserIdWhenAnAnonymousUserRegisters() {
        GatewayClient.Answer anonymous = anonymous();
        String email = newEmail();

        GatewayClient.Answer registered = gateway.post("/api/auth/register", anonymous.string("accessToken"),
                credentials(email));

        assertThat(registered.status()).as(registered.text()).isEqualTo(201);
        assertThat(registered.string("userId")).isEqualTo(anonymous.string("userId"));
        GatewayClient.Answer me = gateway.get("/api/me", registered.string("accessToken"));
        assertThat(me.status()).as(me.text()).isEqualTo(200);
        assertThat(me.string("userId")).isEqualTo(anonymous.string("userId"));
        assertThat(me.string("kind")).isEqualTo("registered");
        assertThat(me.string("email")).isEqualToIgnoringCase(email);
    }

    @Test
    void shouldSignInAndRotateTheRefreshTokenWhenItIsUsed() {
        String email = newEmail();
        GatewayClient.Answer registered = gateway.post("/api/auth/register", null, credentials(email));
        assertThat(registered.status()).as(registered.text()).isEqualTo(201);

        GatewayClient.Answer login = gateway.post("/api/auth/login", null, credentials(email));
        assertThat(login.status()).as(login.text()).isEqualTo(200);
        assertThat(login.string("userId")).isEqualTo(registered.string("userId"));

        GatewayClient.Answer refreshed = gateway.post("/api/auth/refresh", null,
                Map.of("refreshToken", login.string("refreshToken")));
        assertThat(refreshed.status()).as(refreshed.text()).isEqualTo(200);
        assertThat(refreshed.string("userId")).isEqualTo(registered.string("userId"));
        assertThat(refreshed.string("refreshToken")).isNotBlank().isNotEqualTo(login.string("refreshToken"));
        assertThat(gateway.get("/api/me", refreshed.string("accessToken")).status()).isEqualTo(200);

        GatewayClient.Answer reused = gateway.post("/api/auth/refresh", null,
                Map.of("refreshToken", login.string("refreshToken")));
        assertThat(reused.status()).as(reused.text()).isEqualTo(401);
    }

    @Test
    void shouldRefuseTheRefreshTokenWhenTheUserHasLoggedOut() {
        String email = newEmail();
        GatewayClient.Answer login = gateway.post("/api/auth/register", null, credentials(email));
        assertThat(login.status()).as(login.text()).isEqualTo(201);

        GatewayClient.Answer logout = gateway.post("/api/auth/logout", login.string("accessToken"),
                Map.of("refreshToken", login.string("refreshToken")));
        assertThat(logout.status()).as(logout.text()).isEqualTo(204);

        GatewayClient.Answer refresh = gateway.post("/api/auth/refresh", null,
                Map.of("refreshToken", login.string("refreshToken")));
        assertThat(refresh.status()).as(refresh.text()).isEqualTo(401);
        assertThat(refresh.contentType()).startsWith("application/problem+json");
    }

    @Test
    void shouldRefuseSignInWhenTheUserHasErasedTheAccount() {
        String email = newEmail();
        GatewayClient.Answer registered = gateway.post("/api/auth/register", null, credentials(email));
        assertThat(registered.status()).as(registered.text()).isEqualTo(201);

        GatewayClient.Answer erased = gateway.delete("/api/me", registered.string("accessToken"));
        assertThat(erased.status()).as(erased.text()).isBetween(200, 299);

        GatewayClient.Answer login = gateway.post("/api/auth/login", null, credentials(email));
        assertThat(login.status()).as(login.text()).isEqualTo(401);
        GatewayClient.Answer refresh = gateway.post("/api/auth/refresh", null,
                Map.of("refreshToken", registered.string("refreshToken")));
        assertThat(refresh.status()).as(refresh.text()).isEqualTo(401);
    }

    @Test
    void shouldRefuseTheOldAccessTokenEverywhereWhenTheUserHasErasedTheAccount() {
        String token = anonymous().string("accessToken");
        assertThat(gateway.get("/api/me", token).status()).isEqualTo(200);

        GatewayClient.Answer erased = gateway.delete("/api/me", token);
        assertThat(erased.status()).as(erased.text()).isBetween(200, 299);

        GatewayClient.Answer me = gateway.get("/api/me", token);
        assertThat(me.status()).as(me.text()).isEqualTo(401);
        assertThat(me.contentType()).startsWith("application/problem+json");
        GatewayClient.Answer sandbox = gateway.post("/api/sandboxes", token, Map.of());
        assertThat(sandbox.status()).as(sandbox.text()).isEqualTo(401);
        assertThat(sandbox.string("type")).isEqualTo("https://taidon.io/problems/unauthorized");
    }

    @Test
    void shouldRefuseTheAccessTokenWhenTheUserHasLoggedOut() {
        GatewayClient.Answer login = gateway.post("/api/auth/register", null, credentials(newEmail()));
        assertThat(login.status()).as(login.text()).isEqualTo(201);
        String token = login.string("accessToken");
        assertThat(gateway.get("/api/me", token).status()).isEqualTo(200);

        GatewayClient.Answer logout = gateway.post("/api/auth/logout", token,
                Map.of("refreshToken", login.string("refreshToken")));
        assertThat(logout.status()).as(logout.text()).isEqualTo(204);

        // logout is read by every service from idp-adapter's revocation list, reloaded at least every second
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            assertThat(gateway.get("/api/me", token).status()).isEqualTo(401);
            assertThat(gateway.post("/api/sandboxes", token, Map.of()).status()).isEqualTo(401);
        });
    }

    @Test
    void shouldRefuseTheAnonymousTokenWhenItsUserHasRegistered() {
        GatewayClient.Answer anonymous = anonymous();
        String anonymousToken = anonymous.string("accessToken");

        GatewayClient.Answer registered = gateway.post("/api/auth/register", anonymousToken,
                credentials(newEmail()));
        assertThat(registered.status()).as(registered.text()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(3))
            .untilAsserted(() -> assertThat(gateway.get("/api/me", anonymousToken).status()).isEqualTo(401));
        GatewayClient.Answer me = gateway.get("/api/me", registered.string("accessToken"));
        assertThat(me.status()).as(me.text()).isEqualTo(200);
        assertThat(me.string("kind")).isEqualTo("registered");
    }
}

package io.taidon.idp;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.taidon.idp.key.SigningKeys;
import io.taidon.platform.client.ServiceClientProperties;
import io.taidon.platform.client.ServiceTokenInterceptor;
import io.taidon.platform.security.TaidonJwtDecoders;
import io.taidon.platform.security.TaidonSecurityProperties;
import io.taidon.platform.test.TestControlPlane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * idp-adapter end to end on a random port with its real schema: token issue verified against the published JWKS,
 * refresh rotation and reuse detection, logout, anonymous upgrade, uniform login failures, throttling, key
 * rotation, OIDC federation against a real OIDC server (mock-oauth2-server on 127.0.0.1), client credentials
 * through the platform's own client, erasure.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdpAdapterIT {

    private static final String ISSUER = "http://localhost:8080";

    private static final String SERVICE_SECRET = UUID.randomUUID().toString();

    private static final MockOAuth2Server OIDC = startOidcServer();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The web app the OIDC callback redirects to; never contacted (nothing listens on port 1). */
    private static final String WEB_APP = "http://127.0.0.1:1/app/";

    @LocalServerPort
    private int port;

    @Autowired
    private RestClient.Builder restClients;

    @Autowired
    private SigningKeys signingKeys;

    @Autowired
    private JwtDecoder ownDecoder;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private ServiceTokenInterceptor ownServiceToken;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestControlPlane.register(registry, "idp");
        registry.add("taidon.audit.relay-enabled", () -> "false");
        registry.add("taidon.security.issuer", () -> ISSUER);
        registry.add("taidon.idp.admin-emails", () -> "Boss@Example.com");
        registry.add("taidon.idp.service-clients.user-profile", () -> SERVICE_SECRET);
        registry.add("taidon.idp.login-throttle.max-failures-per-email", () -> "3");
        registry.add("taidon.idp.login-throttle.max-failures-per-ip", () -> "6");
        registry.add("taidon.idp.web-app-url", () -> WEB_APP);
        registry.add("spring.security.oauth2.client.registration.mock.client-id", () -> "taidon-web");
        registry.add("spring.security.oauth2.client.registration.mock.client-secret", () -> "oidc-secret");
        registry.add("spring.security.oauth2.client.registration.mock.scope", () -> "openid,profile,email");
        registry.add("spring.security.oauth2.client.registration.mock.provider", () -> "mock");
        registry.add("spring.security.oauth2.client.provider.mock.issuer-uri",
                () -> OIDC.issuerUrl("default").toString());
    }

    private static MockOAuth2Server startOidcServer() {
        MockOAuth2Server server = new MockOAuth2Server();
        server.start(InetAddress.getLoopbackAddress(), 0);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "mock-oauth2-server-stop"));
        return server;
    }

    @Test
    void shouldIssueAnAnonymousTokenWhoseClaimsVerifyAgainstTheJwks() throws Exception {
        Answer answer = post("/api/auth/anonymous", null, null, null);

        assertThat(answer.status()).isEqualTo(HttpStatus.CREATED);
        String userId = answer.text("userId");
        assertThat(userId).matches("u_anon_[A-Za-z0-9_-]{22}");
        assertThat(answer.text("tokenType")).isEqualTo("Bearer");
        assertThat(answer.body().get("expiresIn").asLong()).isEqualTo(900);
        assertThat(answer.text("refreshToken")).hasSizeGreaterThanOrEqualTo(43);

        String token = answer.text("accessToken");
        Jwt jwt = jwksDecoder().decode(token);
        assertThat(jwt.getHeaders()).containsEntry("alg", "ES256").containsKey("kid");
        assertThat(jwt.getHeaders().get("kid")).isEqualTo(this.signingKeys.activeKid());
        assertThat(jwt.getIssuer()).hasToString(ISSUER);
        assertThat(jwt.getAudience()).containsExactly("taidon");
        assertThat(jwt.getSubject()).isEqualTo(userId);
        assertThat(jwt.getId()).isNotBlank();
        assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofMinutes(15));
        assertThat(jwt.getClaimAsString("role")).isEqualTo("anonymous");
        assertThat(jwt.hasClaim("email")).isFalse();
        assertThat(SignedJWT.parse(token).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);

        Answer another = post("/api/auth/anonymous", null, null, null);
        assertThat(another.text("userId")).isNotEqualTo(userId);
        assertThat(jwksDecoder().decode(another.text("accessToken")).getId()).isNotEqualTo(jwt.getId());
    }

    @Test
    void shouldRegisterAndLoginWithEmailClaimAndAdminRoleForConfiguredEmails() {
        String email = uniqueEmail();
        Answer registered = post("/api/auth/register", Map.of("email", email.toUpperCase(), "password", "correct horse"),
                null, null);
        assertThat(registered.status()).isEqualTo(HttpStatus.CREATED);
        assertThat(registered.text("userId")).startsWith("u_local_");
        Jwt jwt = jwksDecoder().decode(registered.text("accessToken"));
        assertThat(jwt.getClaimAsString("role")).isEqualTo("learner");
        assertThat(jwt.getClaimAsString("email")).isEqualTo(email);

        Answer login = post("/api/auth/login", Map.of("email", email, "password", "correct horse"), null, uniqueIp());
        assertThat(login.status()).isEqualTo(HttpStatus.OK);
        assertThat(login.text("userId")).isEqualTo(registered.text("userId"));

        Answer taken = post("/api/auth/register", Map.of("email", email, "password", "another password"), null, null);
        assertThat(taken.status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(taken.text("type")).isEqualTo("https://taidon.io/problems/email-taken");

        this.jdbc.update("delete from users where email = ?", "boss@example.com");
        Answer admin = post("/api/auth/register", Map.of("email", "boss@example.com", "password", "correct horse"),
                null, null);
        assertThat(jwksDecoder().decode(admin.text("accessToken")).getClaimAsString("role")).isEqualTo("admin");
    }

    @Test
    void shouldRejectInvalidEmailsAndShortPasswordsAsProblems() {
        Answer badEmail = post("/api/auth/register", Map.of("email", "not-an-email", "password", "correct horse"),
                null, null);
        assertThat(badEmail.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badEmail.contentType()).isEqualTo("application/problem+json");
        assertThat(badEmail.text("type")).isEqualTo("https://taidon.io/problems/invalid-email");

        Answer shortPassword = post("/api/auth/register", Map.of("email", uniqueEmail(), "password", "short"), null,
                null);
        assertThat(shortPassword.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(shortPassword.text("type")).isEqualTo("https://taidon.io/problems/weak-password");
    }

    @Test
    void shouldKeepTheUserIdWhenAnAnonymousUserRegisters() {
        Answer anonymous = post("/api/auth/anonymous", null, null, null);
        String userId = anonymous.text("userId");
        String email = uniqueEmail();

        Answer registered = post("/api/auth/register", Map.of("email", email, "password", "correct horse"),
                anonymous.text("accessToken"), null);

        assertThat(registered.status()).isEqualTo(HttpStatus.CREATED);
        assertThat(registered.text("userId")).isEqualTo(userId);
        Jwt jwt = jwksDecoder().decode(registered.text("accessToken"));
        assertThat(jwt.getSubject()).isEqualTo(userId);
        assertThat(jwt.getClaimAsString("role")).isEqualTo("learner");
        assertThat(jwt.getClaimAsString("email")).isEqualTo(email);
        assertThat(this.jdbc.queryForObject("select kind from users where user_id = ?", String.class, userId))
            .isEqualTo("registered");

        Answer login = post("/api/auth/login", Map.of("email", email, "password", "correct horse"), null, uniqueIp());
        assertThat(login.text("userId")).isEqualTo(userId);

        Answer again = post("/api/auth/register", Map.of("email", uniqueEmail(), "password", "correct horse"),
                registered.text("accessToken"), null);
        assertThat(again.status()).isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void shouldRotateRefreshTokensAndRevokeTheFamilyOnReuse() throws Exception {
        Answer login = registerAndLogin();
        String first = login.text("refreshToken");

        Answer refreshed = post("/api/auth/refresh", Map.of("refreshToken", first), null, null);
        assertThat(refreshed.status()).isEqualTo(HttpStatus.OK);
        String second = refreshed.text("refreshToken");
        assertThat(second).isNotEqualTo(first);
        assertThat(jwksDecoder().decode(refreshed.text("accessToken")).getSubject()).isEqualTo(login.text("userId"));
        assertThat(this.jdbc.queryForObject("select count(*) from refresh_tokens where token_hash = ? or token_hash = ?",
                Integer.class, first, second)).isZero();
        assertThat(this.jdbc.queryForObject("select replaced_by from refresh_tokens where token_hash = ?",
                String.class, sha256(first))).isEqualTo(sha256(second));

        Answer reused = post("/api/auth/refresh", Map.of("refreshToken", first), null, null);
        assertThat(reused.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(reused.text("type")).isEqualTo("https://taidon.io/problems/invalid-refresh-token");

        Answer afterTheft = post("/api/auth/refresh", Map.of("refreshToken", second), null, null);
        assertThat(afterTheft.status()).isEqualTo(HttpStatus.UNAUTHORIZED);

        Answer unknown = post("/api/auth/refresh", Map.of("refreshToken", "no-such-token"), null, null);
        assertThat(unknown.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void shouldRevokeTheSessionOnLogout() {
        Answer login = registerAndLogin();
        Answer other = post("/api/auth/refresh", Map.of("refreshToken", login.text("refreshToken")), null, null);
        String current = other.text("refreshToken");

        Answer withoutToken = post("/api/auth/logout", Map.of("refreshToken", current), null, null);
        assertThat(withoutToken.status()).isEqualTo(HttpStatus.UNAUTHORIZED);

        Answer logout = post("/api/auth/logout", Map.of("refreshToken", current), other.text("accessToken"), null);
        assertThat(logout.status()).isEqualTo(HttpStatus.NO_CONTENT);

        Answer refresh = post("/api/auth/refresh", Map.of("refreshToken", current), null, null);
        assertThat(refresh.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void shouldAnswerTheSame401ForAnUnknownEmailAndAWrongPassword() {
        Answer login = registerAndLogin();
        String email = jwksDecoder().decode(login.text("accessToken")).getClaimAsString("email");

        Answer wrongPassword = post("/api/auth/login", Map.of("email", email, "password", "wrong password"), null,
                uniqueIp());
        Answer unknownEmail = post("/api/auth/login", Map.of("email", uniqueEmail(), "password", "wrong password"),
                null, uniqueIp());

        assertThat(wrongPassword.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(unknownEmail.status()).isEqualTo(wrongPassword.status());
        assertThat(unknownEmail.contentType()).isEqualTo(wrongPassword.contentType())
            .isEqualTo("application/problem+json");
        assertThat(unknownEmail.raw()).isEqualTo(wrongPassword.raw());
        assertThat(wrongPassword.text("type")).isEqualTo("https://taidon.io/problems/invalid-credentials");
        assertThat(this.jdbc.queryForObject(
                "select count(*) from audit_outbox where action = 'auth.login' and outcome = 'failure'",
                Integer.class)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldThrottleRepeatedFailuresPerEmailAndPerIp() {
        Answer login = registerAndLogin();
        String email = jwksDecoder().decode(login.text("accessToken")).getClaimAsString("email");
        for (int i = 0; i < 3; i++) {
            assertThat(post("/api/auth/login", Map.of("email", email, "password", "wrong " + i), null, uniqueIp())
                .status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        }

        Answer throttled = post("/api/auth/login", Map.of("email", email, "password", "correct horse"), null,
                uniqueIp());
        assertThat(throttled.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(throttled.text("type")).isEqualTo("https://taidon.io/problems/too-many-attempts");
        long retryAfter = Long.parseLong(throttled.headers().getFirst(HttpHeaders.RETRY_AFTER));
        assertThat(retryAfter).isBetween(1L, 900L);

        String ip = uniqueIp();
        for (int i = 0; i < 6; i++) {
            assertThat(post("/api/auth/login", Map.of("email", uniqueEmail(), "password", "guess"), null, ip).status())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        Answer byIp = post("/api/auth/login", Map.of("email", uniqueEmail(), "password", "guess"), null, ip);
        assertThat(byIp.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(byIp.headers().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();

        Answer otherIp = post("/api/auth/login", Map.of("email", uniqueEmail(), "password", "guess"), null,
                uniqueIp());
        assertThat(otherIp.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void shouldKeepARetiredKeyPublishedAndItsTokensValidUntilTheyExpire() {
        Answer before = post("/api/auth/anonymous", null, null, null);
        String oldToken = before.text("accessToken");
        String oldKid = jwksDecoder().decode(oldToken).getHeaders().get("kid").toString();

        this.signingKeys.rotate();

        String newKid = this.signingKeys.activeKid();
        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(publishedKids()).contains(oldKid, newKid);
        Answer after = post("/api/auth/anonymous", null, null, null);
        assertThat(jwksDecoder().decode(after.text("accessToken")).getHeaders()).containsEntry("kid", newKid);
        assertThat(jwksDecoder().decode(oldToken).getSubject()).isEqualTo(before.text("userId"));
        assertThat(this.ownDecoder.decode(oldToken).getSubject()).isEqualTo(before.text("userId"));

        // once the last token the key signed has expired, the key leaves the JWKS and its tokens stop validating
        this.jdbc.update("update signing_keys set retired_at = ? where kid = ?",
                java.sql.Timestamp.from(Instant.now().minus(this.signingKeys.retention()).minusSeconds(1)), oldKid);
        this.signingKeys.reload();
        assertThat(publishedKids()).doesNotContain(oldKid).contains(newKid);
        assertThatThrownBy(() -> jwksDecoder().decode(oldToken)).isInstanceOf(JwtException.class);
    }

    @Test
    void shouldFederateAnOidcLoginToAStableUserIdWithPkce() throws Exception {
        String subject = "alice-" + UUID.randomUUID();
        OidcLogin first = oidcLogin(subject);

        assertThat(first.authorizationRequest()).contains("code_challenge=").contains("code_challenge_method=S256")
            .contains("nonce=").contains("state=");
        Map<String, String> tokens = first.fragment();
        assertThat(tokens).containsEntry("token_type", "Bearer").containsEntry("expires_in", "900");
        String userId = tokens.get("user_id");
        assertThat(userId).matches("u_oidc_[A-Za-z0-9_-]{22}");
        Jwt jwt = jwksDecoder().decode(tokens.get("access_token"));
        assertThat(jwt.getSubject()).isEqualTo(userId);
        assertThat(jwt.getClaimAsString("role")).isEqualTo("learner");
        Answer refreshed = post("/api/auth/refresh", Map.of("refreshToken", tokens.get("refresh_token")), null, null);
        assertThat(refreshed.text("userId")).isEqualTo(userId);

        OidcLogin second = oidcLogin(subject);
        assertThat(second.fragment()).containsEntry("user_id", userId);

        OidcLogin someoneElse = oidcLogin("bob-" + UUID.randomUUID());
        assertThat(someoneElse.fragment().get("user_id")).startsWith("u_oidc_").isNotEqualTo(userId);

        HttpResponse<String> unknownProvider = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/api/auth/oidc/nope")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknownProvider.statusCode()).isEqualTo(404);
    }

    @Test
    void shouldIssueServiceTokensToSpringsClientCredentialsClientAndRefuseWrongSecrets() throws Exception {
        RestClient asService = this.restClients.clone()
            .baseUrl(baseUrl())
            .requestInterceptor(new ServiceTokenInterceptor(new ServiceClientProperties("user-profile", SERVICE_SECRET,
                    baseUrl() + "/oauth2/token", Duration.ofSeconds(2), Duration.ofSeconds(10), Map.of())))
            .build();
        ResponseEntity<Void> erased = asService.delete().uri("/internal/users/u_anon_nobody").retrieve()
            .toBodilessEntity();
        assertThat(erased.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        HttpResponse<String> good = tokenRequest("user-profile", SERVICE_SECRET, "client_credentials");
        assertThat(good.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(good.body());
        assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(900);
        Jwt jwt = jwksDecoder().decode(body.get("access_token").asString());
        assertThat(jwt.getSubject()).isEqualTo("user-profile");
        assertThat(jwt.getClaimAsString("role")).isEqualTo("service");

        HttpResponse<String> wrongSecret = tokenRequest("user-profile", "wrong", "client_credentials");
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrongSecret.body()).get("error").asString()).isEqualTo("invalid_client");
        assertThat(wrongSecret.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Basic"));

        // idp-adapter's own calls (the audit relay) carry a locally minted service token, no call to itself
        assertThat(this.ownServiceToken.getClass().getSimpleName()).isEqualTo("LocalServiceTokenInterceptor");
        RestClient asItself = this.restClients.clone().baseUrl(baseUrl()).requestInterceptor(this.ownServiceToken)
            .build();
        assertThat(asItself.delete().uri("/internal/users/u_anon_nobody").retrieve().toBodilessEntity()
            .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        HttpResponse<String> unknownClient = tokenRequest("nobody", SERVICE_SECRET, "client_credentials");
        assertThat(unknownClient.statusCode()).isEqualTo(401);

        HttpResponse<String> wrongGrant = tokenRequest("user-profile", SERVICE_SECRET, "password");
        assertThat(wrongGrant.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wrongGrant.body()).get("error").asString()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void shouldBlockLoginAndRefreshOfAnErasedUserAndKeepATombstone() throws Exception {
        Answer login = registerAndLogin();
        String userId = login.text("userId");
        String email = jwksDecoder().decode(login.text("accessToken")).getClaimAsString("email");
        String serviceToken = JSON.readTree(tokenRequest("user-profile", SERVICE_SECRET, "client_credentials").body())
            .get("access_token").asString();

        for (int i = 0; i < 2; i++) {
            ResponseEntity<String> erased = client().delete().uri("/internal/users/{id}", userId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + serviceToken)
                .retrieve()
                .toEntity(String.class);
            assertThat(erased.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        }

        Answer again = post("/api/auth/login", Map.of("email", email, "password", "correct horse"), null, uniqueIp());
        assertThat(again.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(again.text("type")).isEqualTo("https://taidon.io/problems/invalid-credentials");
        Answer refresh = post("/api/auth/refresh", Map.of("refreshToken", login.text("refreshToken")), null, null);
        assertThat(refresh.status()).isEqualTo(HttpStatus.UNAUTHORIZED);

        Map<String, Object> tombstone = this.jdbc.queryForMap(
                "select email, password_hash, erased_at from users where user_id = ?", userId);
        assertThat(tombstone.get("email")).isNull();
        assertThat(tombstone.get("password_hash")).isNull();
        assertThat(tombstone.get("erased_at")).isNotNull();
        assertThat(this.jdbc.queryForObject("select count(*) from refresh_tokens where user_id = ?", Integer.class,
                userId)).isZero();
        assertThat(this.jdbc.queryForObject(
                "select count(*) from audit_outbox where action = 'auth.erase' and object_id = ?", Integer.class,
                userId)).isEqualTo(1);
    }

    @Test
    void shouldAnswer400ProblemWhenTheLoginEmailIsLongerThanAnyAddress() {
        Answer login = post("/api/auth/login", Map.of("email", "a".repeat(100_000) + "@example.com",
                "password", "correct horse"), null, uniqueIp());

        assertThat(login.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(login.headers().getContentType()).hasToString("application/problem+json");
        assertThat(login.text("type")).isEqualTo("https://taidon.io/problems/invalid-email");
    }

    @Test
    void shouldListErasedSubjectsAndLoggedOutTokensInTheRevocationSetForServices() throws Exception {
        Answer erasedUser = registerAndLogin();
        Answer loggedOut = registerAndLogin();
        String serviceToken = JSON.readTree(tokenRequest("user-profile", SERVICE_SECRET, "client_credentials").body())
            .get("access_token").asString();
        client().delete().uri("/internal/users/{id}", erasedUser.text("userId"))
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + serviceToken)
            .retrieve()
            .toBodilessEntity();
        post("/api/auth/logout", Map.of("refreshToken", loggedOut.text("refreshToken")),
                loggedOut.text("accessToken"), null);

        ResponseEntity<String> set = client().get().uri("/internal/revocations")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + serviceToken)
            .retrieve()
            .toEntity(String.class);
        ResponseEntity<String> forUsers = client().get().uri("/internal/revocations")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + loggedOut.text("accessToken"))
            .retrieve()
            .toEntity(String.class);

        assertThat(set.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode revocations = JSON.readTree(set.getBody());
        assertThat(revocations.get("subjects").has(erasedUser.text("userId"))).isTrue();
        String jti = jwksDecoder().decode(loggedOut.text("accessToken")).getId();
        assertThat(revocations.get("tokens").toString()).contains(jti);
        assertThat(forUsers.getStatusCode().value()).isIn(401, 403);
        // idp-adapter itself refuses the logged-out token (its own revocation set is read at least every second)
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(post("/api/auth/logout", Map.of("refreshToken", loggedOut.text("refreshToken")),
                        loggedOut.text("accessToken"), null).status()).isEqualTo(HttpStatus.UNAUTHORIZED));
    }

    @Test
    void shouldAuditSignInsAndCountTokensAndFailures() {
        Answer login = registerAndLogin();
        String userId = login.text("userId");
        post("/api/auth/refresh", Map.of("refreshToken", login.text("refreshToken")), null, null);

        List<String> actions = this.jdbc.queryForList(
                "select action || ':' || outcome from audit_outbox where actor = ? order by id", String.class, userId);
        assertThat(actions).contains("auth.register:success", "auth.login:success", "auth.refresh:success");

        post("/api/auth/login", Map.of("email", uniqueEmail(), "password", "guess"), null, uniqueIp());
        ResponseEntity<String> metrics = client().get().uri("/actuator/prometheus").retrieve().toEntity(String.class);
        assertThat(metrics.getBody()).contains("taidon_idp_tokens_issued_total{")
            .containsPattern("taidon_idp_tokens_issued_total\\{[^}]*kind=\"login\"[^}]*} [1-9]")
            .containsPattern("taidon_idp_logins_failed_total\\{[^}]*reason=\"invalid-credentials\"[^}]*} [1-9]");
    }

    // --- helpers

    private record Answer(HttpStatusCode status, HttpHeaders headers, String raw, JsonNode body) {

        String text(String field) {
            JsonNode value = this.body.get(field);
            assertThat(value).as("field %s of %s", field, this.raw).isNotNull();
            return value.asString();
        }

        String contentType() {
            return String.valueOf(this.headers.getContentType());
        }
    }

    /**
     * @param authorizationRequest the URL the browser was sent to at the provider
     * @param webAppUrl where the callback finally redirected the browser
     */
    private record OidcLogin(String authorizationRequest, URI webAppUrl) {

        Map<String, String> fragment() {
            assertThat(this.webAppUrl.toString()).startsWith(WEB_APP);
            Map<String, String> values = new java.util.HashMap<>();
            for (String pair : this.webAppUrl.getRawFragment().split("&")) {
                int eq = pair.indexOf('=');
                values.put(pair.substring(0, eq),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return values;
        }
    }

    private Answer post(String path, Map<String, String> body, String bearer, String forwardedFor) {
        RestClient.RequestBodySpec request = client().post().uri(path).contentType(MediaType.APPLICATION_JSON);
        if (bearer != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
        }
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        if (body != null) {
            request.body(body);
        }
        ResponseEntity<String> answer = request.retrieve().toEntity(String.class);
        String raw = answer.getBody() == null ? "" : answer.getBody();
        return new Answer(answer.getStatusCode(), answer.getHeaders(), raw,
                raw.isEmpty() ? JSON.createObjectNode() : JSON.readTree(raw));
    }

    private Answer registerAndLogin() {
        String email = uniqueEmail();
        Answer registered = post("/api/auth/register", Map.of("email", email, "password", "correct horse"), null, null);
        assertThat(registered.status()).isEqualTo(HttpStatus.CREATED);
        Answer login = post("/api/auth/login", Map.of("email", email, "password", "correct horse"), null, uniqueIp());
        assertThat(login.status()).isEqualTo(HttpStatus.OK);
        return login;
    }

    private OidcLogin oidcLogin(String subject) throws IOException, InterruptedException {
        OIDC.enqueueCallback(new DefaultOAuth2TokenCallback("default", subject));
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).build();
        URI next = URI.create(baseUrl() + "/api/auth/oidc/mock");
        List<URI> visited = new ArrayList<>();
        // follow redirects like a browser (keeping cookies) until the callback sends it to the web app
        while (!next.toString().startsWith(WEB_APP)) {
            visited.add(next);
            assertThat(visited).as("redirect chain").hasSizeLessThan(10);
            HttpResponse<String> response = browser.send(HttpRequest.newBuilder(next).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s answered %s", next, response.body()).isBetween(300, 399);
            next = next.resolve(response.headers().firstValue("Location").orElseThrow());
        }
        String authorize = visited.stream().map(URI::toString).filter(uri -> uri.contains("/default/authorize"))
            .findFirst().orElseThrow();
        return new OidcLogin(authorize, next);
    }

    private HttpResponse<String> tokenRequest(String clientId, String secret, String grantType)
            throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/oauth2/token"))
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=" + grantType))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> publishedKids() {
        JsonNode jwks = JSON.readTree(client().get().uri("/.well-known/jwks.json").retrieve().body(String.class));
        List<String> kids = new ArrayList<>();
        jwks.get("keys").forEach(key -> {
            assertThat(key.has("d")).as("private part published").isFalse();
            kids.add(key.get("kid").asString());
        });
        return kids;
    }

    /** A fresh decoder as the gateway builds it: ES256 pinned, keys fetched from the published JWKS. */
    private JwtDecoder jwksDecoder() {
        return TaidonJwtDecoders.create(new TaidonSecurityProperties(ISSUER, "taidon",
                baseUrl() + "/.well-known/jwks.json", Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofHours(12), List.of(), Duration.ofMillis(500), Duration.ofHours(1), null));
    }

    private RestClient client() {
        return this.restClients.clone()
            .baseUrl(baseUrl())
            .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
            })
            .build();
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + this.port;
    }

    private static String sha256(String value) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
            .digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static String uniqueEmail() {
        return "learner-" + UUID.randomUUID() + "@example.com";
    }

    private static String uniqueIp() {
        byte[] random = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        return "10." + (random[0] & 0xff) % 250 + "." + (random[1] & 0xff) % 250 + "." + (1 + (random[2] & 0xff) % 250);
    }
}

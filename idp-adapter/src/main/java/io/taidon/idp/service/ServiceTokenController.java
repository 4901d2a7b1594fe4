package io.taidon.idp.service;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.idp.config.IdpProperties;
import io.taidon.idp.token.AccessTokens;
import io.taidon.platform.security.TaidonRoles;

/**
 * {@code POST /oauth2/token}: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4) for Taidon's services.
 * Clients authenticate with HTTP Basic ({@code client_secret_basic}, id and secret form-url-encoded, §2.3.1) against
 * {@code taidon.idp.service-clients}; the secret is compared in constant time. Answers
 * {@code {access_token, token_type:"Bearer", expires_in}} with {@code sub} = client id and {@code role} =
 * {@code service}; errors per §5.2: 401 {@code invalid_client} with {@code WWW-Authenticate: Basic}, 400
 * {@code invalid_request} / {@code unsupported_grant_type}.
 */
@RestController
class ServiceTokenController {

    private static final byte[] NO_SECRET = digest("\u0000no-such-client\u0000");

    private final Map<String, String> clients;

    private final AccessTokens accessTokens;

    ServiceTokenController(IdpProperties properties, AccessTokens accessTokens) {
        this.clients = Map.copyOf(properties.serviceClients());
        this.accessTokens = accessTokens;
    }

    @PostMapping(path = "/oauth2/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> token(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
            @RequestParam(name = "grant_type", required = false) @Nullable String grantType) {
        String clientId = authenticate(authorization);
        if (clientId == null) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"taidon\"")
                .cacheControl(CacheControl.noStore())
                .body(new TokenError("invalid_client"));
        }
        if (grantType == null || grantType.isBlank()) {
            return ResponseEntity.badRequest().cacheControl(CacheControl.noStore())
                .body(new TokenError("invalid_request"));
        }
        if (!"client_credentials".equals(grantType)) {
            return ResponseEntity.badRequest().cacheControl(CacheControl.noStore())
                .body(new TokenError("unsupported_grant_type"));
        }
        AccessTokens.AccessToken token = this.accessTokens.issue(clientId, TaidonRoles.SERVICE, null, "service");
        return ResponseEntity.ok()
            .cacheControl(CacheControl.noStore())
            .header(HttpHeaders.PRAGMA, "no-cache")
            .body(new ServiceToken(token.value(), "Bearer", token.expiresIn()));
    }

    private @Nullable String authenticate(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String clientId;
        String secret;
        try {
            clientId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
        String expected = this.clients.get(clientId);
        // compare digests so neither the secret's length nor the client's existence shows in the timing
        boolean equal = MessageDigest.isEqual(expected == null ? NO_SECRET : digest(expected), digest(secret));
        return expected != null && !expected.isEmpty() && equal ? clientId : null;
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @param accessToken the JWT
     * @param tokenType always {@code Bearer}
     * @param expiresIn lifetime in seconds
     */
    record ServiceToken(@JsonProperty("access_token") String accessToken,
            @JsonProperty("token_type") String tokenType, @JsonProperty("expires_in") long expiresIn) {
    }

    /**
     * @param error RFC 6749 §5.2 error code
     */
    record TokenError(String error) {
    }
}

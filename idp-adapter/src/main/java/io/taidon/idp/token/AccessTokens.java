package io.taidon.idp.token;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.taidon.idp.config.IdpProperties;
import io.taidon.idp.key.SigningKeys;
import io.taidon.platform.security.TaidonRoles;
import io.taidon.platform.security.TaidonSecurityProperties;

/**
 * Signs Taidon access tokens: ES256 JWS with the active key's {@code kid}; claims {@code iss}
 * ({@code taidon.security.issuer}), {@code aud} ({@code [taidon.security.audience]}), {@code sub}, {@code iat},
 * {@code exp} (+{@code taidon.idp.access-token-ttl}), {@code jti} (random UUID), {@code role} and {@code email}
 * when given. Counts every token in {@code taidon.idp.tokens.issued{kind}}.
 */
@Component
public class AccessTokens {

    private final JwtEncoder encoder;

    private final SigningKeys keys;

    private final TaidonSecurityProperties security;

    private final IdpProperties properties;

    private final MeterRegistry meters;

    AccessTokens(JwtEncoder encoder, SigningKeys keys, TaidonSecurityProperties security, IdpProperties properties,
            MeterRegistry meters) {
        this.encoder = encoder;
        this.keys = keys;
        this.security = security;
        this.properties = properties;
        this.meters = meters;
    }

    /**
     * @param subject userId or service client id
     * @param role one of {@link TaidonRoles}
     * @param email the registered user's email, or null
     * @param kind what the token was issued for (metric tag): {@code anonymous}, {@code register}, {@code login},
     *        {@code refresh}, {@code oidc}, {@code service}
     * @return the signed token and its lifetime
     */
    public AccessToken issue(String subject, String role, @Nullable String email, String kind) {
        Instant now = Instant.now();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
            .issuer(this.security.issuer())
            .audience(List.of(this.security.audience()))
            .subject(subject)
            .issuedAt(now)
            .expiresAt(now.plus(this.properties.accessTokenTtl()))
            .id(UUID.randomUUID().toString())
            .claim(TaidonRoles.CLAIM, role);
        if (email != null) {
            claims.claim("email", email);
        }
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.ES256).keyId(this.keys.activeKid()).build();
        String value = this.encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
        this.meters.counter("taidon.idp.tokens.issued", "kind", kind).increment();
        return new AccessToken(value, this.properties.accessTokenTtl().toSeconds());
    }

    /**
     * @param value compact JWS
     * @param expiresIn lifetime in seconds
     */
    public record AccessToken(String value, long expiresIn) {
    }
}

package io.taidon.platform.security;

import java.net.MalformedURLException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Builds the {@link JwtDecoder} every service and the gateway use.
 * <p>
 * Algorithm pinned to ES256 (RFC 7518 §3.4), so {@code alg: none} and HS256 tokens are refused before any key
 * lookup; keys come from the JWKS through Nimbus' {@link JWKSourceBuilder} with a cache, a rate-limited refresh on
 * an unknown {@code kid} and outage tolerance (cached keys keep working while the JWKS endpoint is down).
 * Validators: {@code exp}/{@code nbf} with {@link TaidonSecurityProperties#clockSkew()}, {@code iss} equal to the
 * configured issuer, {@code aud} containing the configured audience.
 * <p>
 * A key that cannot be had — an unknown {@code kid} while the refetch is rate-limited, or the JWKS endpoint down with
 * nothing cached — means the token cannot be verified: it is refused like a bad signature (401), never a 500.
 */
public final class TaidonJwtDecoders {

    private static final Logger log = LoggerFactory.getLogger(TaidonJwtDecoders.class);

    /** The only signing algorithm Taidon accepts. */
    public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;

    /** Connect timeout of a JWKS fetch, ms. */
    private static final int JWKS_CONNECT_TIMEOUT_MS = 2_000;

    /** Read timeout of a JWKS fetch, ms. */
    private static final int JWKS_READ_TIMEOUT_MS = 5_000;

    /** Largest JWKS document read, bytes (Nimbus' default). */
    private static final int JWKS_SIZE_LIMIT = 51_200;

    private TaidonJwtDecoders() {
    }

    /**
     * @param properties issuer, audience, JWKS location and cache settings
     * @return a decoder that throws {@code JwtException} for every invalid token
     */
    public static JwtDecoder create(TaidonSecurityProperties properties) {
        return create(properties, null);
    }

    /**
     * @param properties issuer, audience, JWKS location and cache settings
     * @param revocations checked after the signature and the claims, or null for none
     * @return a decoder that throws {@code JwtException} for every invalid or revoked token
     */
    public static JwtDecoder create(TaidonSecurityProperties properties, @Nullable TokenRevocations revocations) {
        JWKSource<SecurityContext> keys;
        try {
            // Nimbus' default HTTP timeouts (500 ms) turn a busy machine's slow JWKS answer into a 401 for every
            // request until the rate limit lets the next fetch through: wait longer for the one fetch instead
            keys = JWKSourceBuilder.create(URI.create(properties.jwkSetUri()).toURL(),
                    new DefaultResourceRetriever(JWKS_CONNECT_TIMEOUT_MS, JWKS_READ_TIMEOUT_MS, JWKS_SIZE_LIMIT))
                .cache(properties.jwksCacheTtl().toMillis(), 5_000)
                .rateLimited(5_000)
                .outageTolerant(properties.jwksOutageTolerance().toMillis())
                .refreshAheadCache(false)
                .build();
        }
        catch (MalformedURLException ex) {
            throw new IllegalArgumentException("taidon.security.jwk-set-uri is not a URL: " + properties.jwkSetUri(), ex);
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHM, noKeyWhenUnavailable(keys)));
        // Spring's validators below check the claims; Nimbus' own claim verifier would duplicate them
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        });
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(validator(properties, revocations));
        return decoder;
    }

    /**
     * Nimbus reports a rate-limited refetch ({@code RateLimitReachedException}) or an unreachable JWKS as a
     * {@link KeySourceException}, which Spring turns into an {@code AuthenticationServiceException} (500). No key is
     * the truth for such a token: the processor then refuses it as unverifiable, which Spring answers 401.
     */
    private static JWKSource<SecurityContext> noKeyWhenUnavailable(JWKSource<SecurityContext> keys) {
        return (selector, context) -> {
            try {
                return keys.get(selector, context);
            }
            catch (KeySourceException ex) {
                log.debug("no verification key available: {}", ex.toString());
                return List.of();
            }
        };
    }

    /**
     * @param properties issuer, audience and clock skew
     * @return the claim validators Taidon applies to every token
     */
    public static OAuth2TokenValidator<Jwt> validator(TaidonSecurityProperties properties) {
        return validator(properties, null);
    }

    /**
     * @param properties issuer, audience and clock skew
     * @param revocations checked last, once the token is otherwise valid, or null for none
     * @return the claim validators Taidon applies to every token, then the revocation check
     */
    public static OAuth2TokenValidator<Jwt> validator(TaidonSecurityProperties properties,
            @Nullable TokenRevocations revocations) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(
                new JwtTimestampValidator(properties.clockSkew()),
                new JwtIssuerValidator(properties.issuer()),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        aud -> aud != null && aud.contains(properties.audience())),
                new JwtClaimValidator<String>(JwtClaimNames.SUB, sub -> sub != null && !sub.isBlank()),
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, exp -> exp != null)));
        if (revocations != null) {
            validators.add(revocations);
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }
}

package io.taidon.idp.key;

import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import io.taidon.platform.security.TaidonJwtDecoders;
import io.taidon.platform.security.TaidonSecurityProperties;
import io.taidon.platform.security.TokenRevocations;

/**
 * The JWT encoder and decoder over the database keys. The decoder replaces the platform's JWKS-over-HTTP decoder:
 * idp-adapter validates tokens with the keys it holds (ES256 pinned, Taidon's claim validators, the revocation list
 * read from its own schema) and never calls itself.
 */
@Configuration(proxyBeanMethods = false)
class KeyConfiguration {

    @Bean
    JwtEncoder jwtEncoder(SigningKeys keys) {
        return new NimbusJwtEncoder(keys.signingSource());
    }

    @Bean
    JwtDecoder jwtDecoder(SigningKeys keys, TaidonSecurityProperties properties, TokenRevocations revocations) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(TaidonJwtDecoders.ALGORITHM,
                keys.verificationSource()));
        // Spring's validators check the claims
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        });
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(TaidonJwtDecoders.validator(properties, revocations));
        return decoder;
    }
}

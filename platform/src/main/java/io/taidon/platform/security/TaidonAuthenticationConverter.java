package io.taidon.platform.security;

import java.util.List;
import java.util.Locale;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns a validated Taidon JWT into an authentication whose name is the {@code sub} (the userId or the service
 * name) and whose single authority is {@code ROLE_<role claim upper-cased>}.
 */
public final class TaidonAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        String role = jwt.getClaimAsString(TaidonRoles.CLAIM);
        List<SimpleGrantedAuthority> authorities = role == null ? List.of()
                : List.of(new SimpleGrantedAuthority("ROLE_" + role.toUpperCase(Locale.ROOT)));
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }
}

package io.taidon.platform.security;

import java.util.Optional;

import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who is calling: the {@code sub} and {@code role} of the request's validated JWT.
 */
public final class CurrentUser {

    private CurrentUser() {
    }

    /**
     * @return the caller's userId (or service name for service tokens)
     * @throws AuthenticationCredentialsNotFoundException when the request carries no validated token
     */
    public static String id() {
        return authentication().map(Authentication::getName)
            .orElseThrow(() -> new AuthenticationCredentialsNotFoundException("no authenticated caller"));
    }

    /** @return the caller's userId, or empty outside an authenticated request */
    public static Optional<String> idIfPresent() {
        return authentication().map(Authentication::getName);
    }

    /** @return the caller's role claim ({@link TaidonRoles}), or empty */
    public static Optional<String> role() {
        return authentication().filter(JwtAuthenticationToken.class::isInstance)
            .map(a -> ((JwtAuthenticationToken) a).getToken().getClaimAsString(TaidonRoles.CLAIM));
    }

    /** @return the caller's validated token, or empty outside an authenticated request */
    public static Optional<Jwt> token() {
        return authentication().map(a -> ((JwtAuthenticationToken) a).getToken());
    }

    /** @return whether the caller holds the {@code admin} role */
    public static boolean isAdmin() {
        return role().filter(TaidonRoles.ADMIN::equals).isPresent();
    }

    private static Optional<Authentication> authentication() {
        return Optional.ofNullable(SecurityContextHolder.getContext().getAuthentication())
            .filter(Authentication::isAuthenticated)
            .filter(JwtAuthenticationToken.class::isInstance);
    }
}

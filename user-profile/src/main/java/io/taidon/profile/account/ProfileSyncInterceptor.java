package io.taidon.profile.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.servlet.HandlerInterceptor;

import io.taidon.platform.security.TaidonRoles;

/**
 * Creates or updates the caller's profile from its JWT ({@code sub}, {@code role}, {@code email}) before every
 * {@code /api/**} call of a user (anonymous, learner, admin); service tokens and {@code DELETE} calls are left
 * alone.
 */
class ProfileSyncInterceptor implements HandlerInterceptor {

    private final ProfileService profiles;

    ProfileSyncInterceptor(ProfileService profiles) {
        this.profiles = profiles;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (HttpMethod.DELETE.matches(request.getMethod())) {
            return true;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken jwt && authentication.isAuthenticated()) {
            String role = jwt.getToken().getClaimAsString(TaidonRoles.CLAIM);
            if (TaidonRoles.ANONYMOUS.equals(role) || TaidonRoles.LEARNER.equals(role)
                    || TaidonRoles.ADMIN.equals(role)) {
                this.profiles.sync(jwt.getName(), UserKind.forRole(role), jwt.getToken().getClaimAsString("email"));
            }
        }
        return true;
    }
}

package io.taidon.idp.auth;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.idp.token.TokenResponse;

/**
 * {@code /api/auth/*}: anonymous sessions, registration (upgrading the caller's anonymous identity when a valid
 * anonymous bearer token comes along), login, refresh and logout. Errors are ProblemDetails: 400
 * {@code invalid-email}/{@code weak-password}, 401 {@code invalid-credentials} (same for an unknown email and a
 * wrong password), 401 {@code invalid-refresh-token}, 409 {@code email-taken}, 429 {@code too-many-attempts} with
 * {@code Retry-After}.
 */
@RestController
@RequestMapping("/api/auth")
class AuthController {

    private final AuthService auth;

    AuthController(AuthService auth) {
        this.auth = auth;
    }

    @PostMapping("/anonymous")
    ResponseEntity<TokenResponse> anonymous() {
        return ResponseEntity.status(HttpStatus.CREATED).body(this.auth.anonymous());
    }

    @PostMapping("/register")
    ResponseEntity<TokenResponse> register(@RequestBody AuthRequests.Credentials credentials) {
        return ResponseEntity.status(HttpStatus.CREATED).body(this.auth.register(credentials));
    }

    @PostMapping("/login")
    TokenResponse login(@RequestBody AuthRequests.Credentials credentials, HttpServletRequest request) {
        // the client address as resolved from X-Forwarded-For by the trusted gateway (server.forward-headers-strategy)
        return this.auth.login(credentials, request.getRemoteAddr());
    }

    @PostMapping("/refresh")
    TokenResponse refresh(@RequestBody AuthRequests.Refresh request) {
        return this.auth.refresh(request);
    }

    @PostMapping("/logout")
    ResponseEntity<Void> logout(@RequestBody AuthRequests.Refresh request) {
        this.auth.logout(request);
        return ResponseEntity.noContent().build();
    }
}

package io.taidon.idp.auth;

import org.jspecify.annotations.Nullable;

/** Request bodies of the account endpoints (JSON, camelCase). */
final class AuthRequests {

    private AuthRequests() {
    }

    /**
     * @param email the account's email
     * @param password the password in clear (TLS protects it in transit)
     */
    record Credentials(@Nullable String email, @Nullable String password) {
    }

    /**
     * @param refreshToken a refresh token from an earlier sign-in or refresh
     */
    record Refresh(@Nullable String refreshToken) {
    }
}

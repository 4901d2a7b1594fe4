package io.taidon.idp.token;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.taidon.idp.user.UserAccount;
import io.taidon.idp.user.UserAccounts;
import io.taidon.idp.user.UserKind;

/** Issues the access and refresh token pair of a user's session. */
@Service
public class SessionTokens {

    private final AccessTokens accessTokens;

    private final RefreshTokens refreshTokens;

    private final UserAccounts users;

    SessionTokens(AccessTokens accessTokens, RefreshTokens refreshTokens, UserAccounts users) {
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.users = users;
    }

    /**
     * Starts a new session (a new refresh-token family).
     *
     * @param user a live user
     * @param kind metric tag of the access token ({@link AccessTokens#issue})
     * @return the tokens
     */
    @Transactional
    public TokenResponse start(UserAccount user, String kind) {
        return respond(user, this.refreshTokens.issue(user.userId(), (UUID) null), kind);
    }

    /**
     * @param user a live user
     * @param refreshToken a refresh token already issued for it
     * @param kind metric tag of the access token
     * @return the tokens, with a fresh access token whose role and email reflect the user now
     */
    public TokenResponse respond(UserAccount user, String refreshToken, String kind) {
        @Nullable String email = user.kind() == UserKind.REGISTERED ? user.email() : null;
        AccessTokens.AccessToken access = this.accessTokens.issue(user.userId(), this.users.roleFor(user), email,
                kind);
        return new TokenResponse(access.value(), "Bearer", access.expiresIn(), user.userId(), refreshToken);
    }
}

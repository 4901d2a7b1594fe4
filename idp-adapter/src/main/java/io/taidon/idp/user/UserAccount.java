package io.taidon.idp.user;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A live user as the other features see it ({@link UserAccounts} hands it out; the stored row stays inside this
 * package).
 *
 * @param userId the stable userId, {@code u_<provider>_<random>}
 * @param kind how the user signs in
 * @param email the normalised email of a registered user, else null
 * @param passwordHash the encoded password of a registered user, else null
 * @param role the stored role ({@link UserAccounts#roleFor} decides the role a token carries)
 * @param createdAt when the identity was created
 */
public record UserAccount(String userId, UserKind kind, @Nullable String email, @Nullable String passwordHash,
        String role, Instant createdAt) {
}

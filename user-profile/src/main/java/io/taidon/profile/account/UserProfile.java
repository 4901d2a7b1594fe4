package io.taidon.profile.account;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A user's profile.
 *
 * @param userId the JWT's {@code sub}
 * @param kind anonymous or registered
 * @param email the email claim of the latest token that had one, or null
 * @param createdAt when the profile was first created
 */
public record UserProfile(String userId, UserKind kind, @Nullable String email, Instant createdAt) {
}

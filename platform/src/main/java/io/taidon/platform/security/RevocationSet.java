package io.taidon.platform.security;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The access tokens idp-adapter has revoked before they expire, as served by its
 * {@code GET /internal/revocations}: JSON {@code {"subjects": {"<sub>": "<instant>"}, "tokens": ["<jti>", …]}}.
 *
 * @param subjects for each revoked subject, the instant before which its tokens were issued are void (erasure, a
 *        role change); compared with the token's {@code iat}
 * @param tokens the {@code jti}s of single revoked tokens (logout)
 */
public record RevocationSet(@Nullable Map<String, Instant> subjects, @Nullable Set<String> tokens) {

    /** Nothing revoked. */
    public static final RevocationSet EMPTY = new RevocationSet(Map.of(), Set.of());

    public RevocationSet {
        subjects = subjects == null ? Map.of() : Map.copyOf(subjects);
        tokens = tokens == null ? Set.of() : Set.copyOf(tokens);
    }

    /**
     * @param token a token whose signature and claims were validated
     * @return whether this set voids it: its {@code jti} is listed, or its subject is and it was issued (or carries no
     *         {@code iat}) before the subject's revocation instant
     */
    public boolean revokes(Jwt token) {
        if (token.getId() != null && tokens().contains(token.getId())) {
            return true;
        }
        String subject = token.getSubject();
        return subject != null && revokedBefore(subjects().get(subject), token.getIssuedAt());
    }

    static boolean revokedBefore(@Nullable Instant before, @Nullable Instant issuedAt) {
        // iat has whole seconds: a token issued in the second of the revocation, before it, has iat < before
        return before != null && (issuedAt == null || issuedAt.isBefore(before));
    }
}

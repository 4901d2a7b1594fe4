package io.taidon.idp.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.taidon.idp.config.IdpProperties;

/**
 * Opaque refresh tokens (256 random bits, URL-safe base64) stored only as their hex SHA-256.
 * <p>
 * Each sign-in starts a family; every refresh exchanges the presented token for a new one of the same family
 * (rotation). Presenting a token that was already exchanged or revoked is treated as theft and revokes the whole
 * family (OAuth 2.0 Security BCP, RFC 9700 §4.14.2).
 */
@Service
public class RefreshTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RefreshTokenRepository repository;

    private final IdpProperties properties;

    RefreshTokens(RefreshTokenRepository repository, IdpProperties properties) {
        this.repository = repository;
        this.properties = properties;
    }

    /**
     * @param userId the owner
     * @param familyId the family to continue, or null to start one
     * @return the new token's value (shown once, never stored)
     */
    @Transactional
    public String issue(String userId, @Nullable UUID familyId) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = Instant.now();
        this.repository.save(new RefreshToken(hash(value), familyId == null ? UUID.randomUUID() : familyId, userId,
                now, now.plus(this.properties.refreshTokenTtl())));
        return value;
    }

    /**
     * Exchanges a refresh token for a new one of the same family. Never throws for a bad token, so that the
     * revocation of a family on reuse commits.
     *
     * @param value the presented token
     * @return the owner and new token, or why it was refused
     */
    @Transactional
    public Rotation rotate(String value) {
        String presented = hash(value);
        Optional<RefreshToken> found = this.repository.findForUpdate(presented);
        if (found.isEmpty()) {
            return new Rejected("unknown", null);
        }
        RefreshToken token = found.get();
        if (token.used()) {
            this.repository.revokeFamily(token.familyId(), Instant.now());
            return new Rejected("reused", token.userId());
        }
        if (token.expiresAt().isBefore(Instant.now())) {
            return new Rejected("expired", token.userId());
        }
        String next = issue(token.userId(), token.familyId());
        token.replaceBy(hash(next));
        return new Rotated(token.userId(), next);
    }

    /**
     * Revokes the family of a token (logout), but only when the token belongs to the caller.
     *
     * @param value the presented token
     * @param userId the caller
     * @return whether a family was revoked
     */
    @Transactional
    public boolean revokeFamily(String value, String userId) {
        Optional<RefreshToken> found = this.repository.findForUpdate(hash(value))
            .filter(token -> token.userId().equals(userId));
        found.ifPresent(token -> this.repository.revokeFamily(token.familyId(), Instant.now()));
        return found.isPresent();
    }

    /**
     * @param userId the user whose every refresh token is deleted (erasure)
     */
    @Transactional
    public void deleteAllOf(String userId) {
        this.repository.deleteByUserId(userId);
    }

    /** Deletes tokens that expired more than a day ago. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    @Transactional
    public void purgeExpired() {
        this.repository.deleteExpiredBefore(Instant.now().minusSeconds(86_400));
    }

    static String hash(String value) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Outcome of {@link #rotate(String)}. */
    public sealed interface Rotation permits Rotated, Rejected {
    }

    /**
     * @param userId the token's owner
     * @param refreshToken the new token
     */
    public record Rotated(String userId, String refreshToken) implements Rotation {
    }

    /**
     * @param reason {@code unknown}, {@code reused} (family revoked) or {@code expired}
     * @param userId the owner when the token was known
     */
    public record Rejected(String reason, @Nullable String userId) implements Rotation {
    }
}

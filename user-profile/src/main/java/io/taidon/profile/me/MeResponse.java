package io.taidon.profile.me;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.taidon.profile.quota.QuotasResponse;

/**
 * {@code GET /api/me}.
 *
 * @param userId the caller's userId
 * @param kind {@code anonymous} or {@code registered}
 * @param email email, or null (anonymous users)
 * @param createdAt when the profile was created (ISO-8601 UTC)
 * @param quotas effective quotas
 * @param usage current usage, fields null when unknown
 */
public record MeResponse(String userId, String kind, @Nullable String email, Instant createdAt, QuotasResponse quotas,
        UsageResponse usage) {
}

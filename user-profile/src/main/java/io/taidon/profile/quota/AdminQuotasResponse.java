package io.taidon.profile.quota;

/**
 * A user's quotas as admins see them.
 *
 * @param userId the user
 * @param kind {@code anonymous} or {@code registered}
 * @param quotas effective quotas
 * @param overrides the overrides behind them (null fields: default of the kind)
 */
public record AdminQuotasResponse(String userId, String kind, QuotasResponse quotas, QuotaOverrides overrides) {
}

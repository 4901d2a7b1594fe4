package io.taidon.profile.quota;

/**
 * Answer of a quota check.
 *
 * @param allowed whether {@code current + amount <= limit}
 * @param limit the user's effective limit for the resource
 */
public record QuotaCheckResponse(boolean allowed, long limit) {
}

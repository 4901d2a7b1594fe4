package io.taidon.auditlog.chain;

import org.jspecify.annotations.Nullable;

/**
 * Result of verifying the chain ({@code GET /internal/audit/verify}, {@code GET /api/audit/verify}).
 *
 * @param valid whether every row's {@code prev_hash} is its predecessor's hash and its {@code hash} is recomputed
 * equal
 * @param checkedRows rows examined, in id order, up to and including the first broken one
 * @param firstBrokenId id of the first row that does not fit the chain (changed, or following a removed row), or
 * null when the chain is valid
 */
public record ChainVerification(boolean valid, long checkedRows, @Nullable Long firstBrokenId) {
}

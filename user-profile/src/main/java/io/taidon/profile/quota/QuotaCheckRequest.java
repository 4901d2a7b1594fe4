package io.taidon.profile.quota;

import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /internal/users/{userId}/quota-checks}: "may the user add {@code amount} to {@code current}
 * of {@code resource}?".
 *
 * @param resource {@code sandboxes}, {@code named-snapshots} or {@code snapshot-storage-bytes}
 * @param current what the user holds now (a count, or bytes), {@code >= 0}
 * @param amount what the user wants to add, {@code >= 0}; default 1 (one more object; for bytes: "any more")
 */
record QuotaCheckRequest(@Nullable String resource, @Nullable Long current, @Nullable Long amount) {
}

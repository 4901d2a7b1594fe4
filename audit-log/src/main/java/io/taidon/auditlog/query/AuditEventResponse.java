package io.taidon.auditlog.query;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One audit event as the API shows it.
 *
 * @param id position in the chain
 * @param actor userId or service name
 * @param action dotted verb
 * @param objectType kind of object
 * @param objectId id of the object, or null
 * @param outcome {@code success}, {@code failure} or {@code denied}
 * @param time when it happened (ISO-8601 UTC)
 * @param requestId request id, or null
 * @param receivedAt when audit-log appended it (ISO-8601 UTC)
 * @param hash the row's chain hash, lower-case hex
 */
public record AuditEventResponse(long id, String actor, String action, String objectType, @Nullable String objectId,
        String outcome, Instant time, @Nullable String requestId, Instant receivedAt, String hash) {
}

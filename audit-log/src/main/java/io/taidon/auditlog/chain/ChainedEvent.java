package io.taidon.auditlog.chain;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The hashed content of one {@code audit_event} row (everything but {@code prev_hash} and {@code hash}).
 *
 * @param id row id, in chain order
 * @param actor userId or service name
 * @param action dotted verb
 * @param objectType kind of object
 * @param objectId id of the object, or null
 * @param outcome {@code success}, {@code failure} or {@code denied}
 * @param eventTime when it happened (microsecond precision)
 * @param requestId request id, or null
 * @param receivedAt when audit-log appended it (microsecond precision)
 */
public record ChainedEvent(long id, String actor, String action, String objectType, @Nullable String objectId,
        String outcome, Instant eventTime, @Nullable String requestId, Instant receivedAt) {
}

package io.taidon.platform.audit;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.taidon.platform.security.CurrentUser;
import io.taidon.platform.web.RequestIds;

/**
 * Records audit events. Every service has one; events are durable once {@link #record(AuditEvent)} returns
 * (written to the service's outbox in the caller's transaction, or appended directly by audit-log itself).
 */
public interface AuditRecorder {

    /**
     * @param event the event to record
     */
    void record(AuditEvent event);

    /**
     * Records an event whose actor is the authenticated caller (or {@code actorIfAnonymous} when there is none),
     * stamped now and with the current request id.
     *
     * @param actorIfAnonymous actor to use outside an authenticated request, e.g. the service name or a userId
     * @param action dotted verb
     * @param objectType kind of object
     * @param objectId id of the object, or null
     * @param outcome {@link AuditEvent#SUCCESS}, {@link AuditEvent#FAILURE} or {@link AuditEvent#DENIED}
     */
    default void record(String actorIfAnonymous, String action, String objectType, @Nullable String objectId,
            String outcome) {
        record(new AuditEvent(CurrentUser.idIfPresent().orElse(actorIfAnonymous), action, objectType, objectId,
                outcome, Instant.now(), RequestIds.current()));
    }
}

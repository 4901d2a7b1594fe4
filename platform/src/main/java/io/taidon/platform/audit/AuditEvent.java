package io.taidon.platform.audit;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One audit event: who did what to which object, with which outcome, when, in which request.
 *
 * @param actor userId, or the service name for a service's own action
 * @param action dotted verb, e.g. {@code auth.login}, {@code sandbox.create}
 * @param objectType kind of object acted on, e.g. {@code user}, {@code sandbox}
 * @param objectId its id, or null when there is none
 * @param outcome {@code success}, {@code failure} or {@code denied}
 * @param time when it happened (UTC)
 * @param requestId the request id ({@code X-Request-Id}), or null outside a request
 */
public record AuditEvent(String actor, String action, String objectType, @Nullable String objectId, String outcome,
        Instant time, @Nullable String requestId) {

    /** Outcome of an action that did what was asked. */
    public static final String SUCCESS = "success";

    /** Outcome of an action that failed. */
    public static final String FAILURE = "failure";

    /** Outcome of an action that was refused (credentials, permissions, quota). */
    public static final String DENIED = "denied";
}

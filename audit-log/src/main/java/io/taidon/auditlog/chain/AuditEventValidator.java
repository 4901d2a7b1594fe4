package io.taidon.auditlog.chain;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.taidon.platform.audit.AuditEvent;
import io.taidon.platform.problem.InvalidRequestException;

/**
 * Checks incoming events before they are chained: required fields present and non-blank, {@code outcome} one of
 * {@code success}, {@code failure}, {@code denied}, text fields at most {@value #MAX_LENGTH} characters, batch size
 * within the configured maximum. Failures are 400 {@code invalid-audit-event} naming the element and field.
 */
final class AuditEventValidator {

    static final int MAX_LENGTH = 256;

    private static final Set<String> OUTCOMES = Set.of(AuditEvent.SUCCESS, AuditEvent.FAILURE, AuditEvent.DENIED);

    private AuditEventValidator() {
    }

    static List<AuditEvent> requireValid(@Nullable List<@Nullable AuditEvent> events, int maxBatchSize) {
        if (events == null) {
            throw invalid("The body must be a JSON array of audit events.");
        }
        if (events.size() > maxBatchSize) {
            throw invalid("At most " + maxBatchSize + " events per request.");
        }
        for (int i = 0; i < events.size(); i++) {
            AuditEvent event = events.get(i);
            if (event == null) {
                throw invalid("Event [" + i + "] is null.");
            }
            required(i, "actor", event.actor());
            required(i, "action", event.action());
            required(i, "objectType", event.objectType());
            required(i, "outcome", event.outcome());
            optional(i, "objectId", event.objectId());
            optional(i, "requestId", event.requestId());
            if (!OUTCOMES.contains(event.outcome())) {
                throw invalid("Event [" + i + "]: outcome must be one of success, failure, denied.");
            }
            if (isNull(event.time())) {
                throw invalid("Event [" + i + "]: time is required (ISO-8601).");
            }
        }
        @SuppressWarnings("unchecked")
        List<AuditEvent> checked = (List<AuditEvent>) (List<?>) events;
        return checked;
    }

    private static void required(int index, String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw invalid("Event [" + index + "]: " + field + " is required.");
        }
        optional(index, field, value);
    }

    private static void optional(int index, String field, @Nullable String value) {
        if (value != null && value.length() > MAX_LENGTH) {
            throw invalid("Event [" + index + "]: " + field + " is longer than " + MAX_LENGTH + " characters.");
        }
    }

    private static boolean isNull(@Nullable Object value) {
        return value == null;
    }

    private static InvalidRequestException invalid(String detail) {
        return new InvalidRequestException("invalid-audit-event", detail);
    }
}

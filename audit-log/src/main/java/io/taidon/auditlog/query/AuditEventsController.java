package io.taidon.auditlog.query;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.security.CurrentUser;

/**
 * {@code GET /api/audit/events?page=0&size=20[&actor=…]} → {@link AuditEventPage}: the caller's own events, newest
 * first; admins see everyone's and may filter by actor. 400 {@code invalid-paging} for a bad page or size, 400
 * {@code invalid-actor} for an actor longer than a userId can be or holding control characters (NUL included).
 */
@RestController
class AuditEventsController {

    /** The {@code actor} column's length. */
    private static final int MAX_ACTOR_LENGTH = 64;

    private final AuditQueryService queries;

    AuditEventsController(AuditQueryService queries) {
        this.queries = queries;
    }

    @GetMapping("/api/audit/events")
    AuditEventPage events(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
            @RequestParam(required = false) @Nullable String actor) {
        if (actor != null && (actor.length() > MAX_ACTOR_LENGTH || actor.chars().anyMatch(Character::isISOControl))) {
            throw new InvalidRequestException("invalid-actor",
                    "actor must be a userId or service name: at most " + MAX_ACTOR_LENGTH + " printable characters.");
        }
        return this.queries.events(CurrentUser.id(), CurrentUser.isAdmin(), actor, page, size);
    }
}

package io.taidon.auditlog.query;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.platform.security.CurrentUser;

/**
 * {@code GET /api/audit/events?page=0&size=20[&actor=…]} → {@link AuditEventPage}: the caller's own events, newest
 * first; admins see everyone's and may filter by actor. 400 {@code invalid-paging} for a bad page or size.
 */
@RestController
class AuditEventsController {

    private final AuditQueryService queries;

    AuditEventsController(AuditQueryService queries) {
        this.queries = queries;
    }

    @GetMapping("/api/audit/events")
    AuditEventPage events(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
            @RequestParam(required = false) @Nullable String actor) {
        return this.queries.events(CurrentUser.id(), CurrentUser.isAdmin(), actor, page, size);
    }
}

package io.taidon.auditlog.query;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.taidon.platform.problem.InvalidRequestException;

/**
 * Who sees which events: a user sees the events it did ({@code actor} = its userId) and the events done to it
 * ({@code object_id} = its userId); an admin sees all. The optional {@code actor} filter narrows what the caller
 * may see anyway, so it never widens a user's view.
 */
@Service
public class AuditQueryService {

    /** Largest page size. */
    public static final int MAX_PAGE_SIZE = 100;

    private static final Sort NEWEST_FIRST = Sort.by(Sort.Direction.DESC, "id");

    private final AuditEventRepository events;

    AuditQueryService(AuditEventRepository events) {
        this.events = events;
    }

    /**
     * @param callerId the caller's userId (or service name)
     * @param admin whether the caller has the admin role
     * @param actor optional actor filter
     * @param page zero-based page, {@code >= 0}
     * @param size page size, 1 to {@value #MAX_PAGE_SIZE}
     * @return the page, newest first
     * @throws InvalidRequestException (400 {@code invalid-paging}) for a page or size out of range
     */
    @Transactional(readOnly = true)
    public AuditEventPage events(String callerId, boolean admin, @Nullable String actor, int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("invalid-paging",
                    "page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE + ".");
        }
        PageRequest request = PageRequest.of(page, size, NEWEST_FIRST);
        String filter = (actor == null || actor.isBlank()) ? null : actor;
        Page<AuditEventEntity> found;
        if (admin) {
            found = filter == null ? this.events.findAll(request) : this.events.findByActor(filter, request);
        }
        else if (filter == null) {
            found = this.events.findByActorOrObjectId(callerId, callerId, request);
        }
        else if (filter.equals(callerId)) {
            found = this.events.findByActor(callerId, request);
        }
        else {
            found = this.events.findByActorAndObjectId(filter, callerId, request);
        }
        return new AuditEventPage(found.getContent().stream().map(AuditEventEntity::toResponse).toList(), page, size,
                found.getTotalElements());
    }
}

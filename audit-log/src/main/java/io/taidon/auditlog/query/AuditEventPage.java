package io.taidon.auditlog.query;

import java.util.List;

/**
 * One page of events, newest first.
 *
 * @param items the events on this page
 * @param page zero-based page number
 * @param size requested page size
 * @param total number of events matching the query
 */
public record AuditEventPage(List<AuditEventResponse> items, int page, int size, long total) {
}

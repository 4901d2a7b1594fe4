/** Taidon audit-log: Append-only, hash-chained audit events from every service, queryable by their owner and by admins. */
@NullMarked
package io.taidon.auditlog;

import org.jspecify.annotations.NullMarked;

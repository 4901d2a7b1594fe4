/** Taidon audit-log: reading events, the caller's own or (admins) everyone's. */
@NullMarked
package io.taidon.auditlog.query;

import org.jspecify.annotations.NullMarked;

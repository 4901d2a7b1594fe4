/** Taidon audit-log: what erasure means for audit events (the fact is kept). */
@NullMarked
package io.taidon.auditlog.erasure;

import org.jspecify.annotations.NullMarked;

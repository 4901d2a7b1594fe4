/** Taidon audit-log: the hash chain (append, verify) and the internal ingest endpoint. */
@NullMarked
package io.taidon.auditlog.chain;

import org.jspecify.annotations.NullMarked;

/** Per-user and per-address request budgets in the control-plane PostgreSQL (Bucket4j). */
@NullMarked
package io.taidon.gateway.ratelimit;

import org.jspecify.annotations.NullMarked;

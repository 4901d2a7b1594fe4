package io.taidon.vcssync.run;

import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/projects/{id}/runs} body.
 *
 * @param target {@code init}, {@code seed}, {@code test}, {@code bench} or {@code all}
 * @param repeat measured repetitions of each bench statement (1 to the configured maximum); null for the default
 * @param explain whether each bench statement is also run once as {@code EXPLAIN (ANALYZE, BUFFERS)}
 */
public record ProjectRunRequest(@Nullable String target, @Nullable Integer repeat, @Nullable Boolean explain) {
}

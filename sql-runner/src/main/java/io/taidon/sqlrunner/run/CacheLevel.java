package io.taidon.sqlrunner.run;

import java.util.Locale;

/**
 * The cache level that served a run's tail: the {@code level} tag of {@code taidon.runs.cache} and
 * {@code taidon.runs.duration}.
 */
enum CacheLevel {

    /** Nothing cached: the tail was replayed from the sandbox's base (or there is no tail). */
    MISS,

    /** A layer of the sandbox (or a session kept at that layer's point). */
    LAYER,

    /** A chain snapshot restored into the sandbox, or the snapshot a new sandbox was created from. */
    SNAPSHOT;

    /** @return the metric tag value: {@code miss}, {@code layer} or {@code snapshot} */
    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}

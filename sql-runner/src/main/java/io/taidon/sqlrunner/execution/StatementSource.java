package io.taidon.sqlrunner.execution;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a statement's result came from in a run; in JSON its lowercase name ({@code "cache"}, …). */
public enum StatementSource {

    /** Recorded when the statement first ran, served from a layer, a chain snapshot or a kept session. */
    CACHE,

    /** Executed again in this run to rebuild the tail's state. */
    REPLAYED,

    /** Executed in this run for the first time (the head, or a statement of a fresh session). */
    EXECUTED;

    /** @return the JSON name */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param json a JSON name
     * @return its source
     * @throws IllegalArgumentException for another name
     */
    @JsonCreator
    public static StatementSource fromJson(String json) {
        return valueOf(json.toUpperCase(Locale.ROOT));
    }
}

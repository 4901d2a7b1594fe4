package io.taidon.platform.web;

import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The request id that follows one call across services: header {@value #HEADER}, MDC key {@value #MDC_KEY}
 * (so it appears in every structured log line).
 */
public final class RequestIds {

    /** HTTP header carrying the request id. */
    public static final String HEADER = "X-Request-Id";

    /** MDC key under which the request id is logged. */
    public static final String MDC_KEY = "requestId";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {
    }

    /**
     * @param incoming the caller's header value, if any
     * @return the incoming id if it is 1–64 safe characters, else a new random UUID
     */
    public static String acceptOrCreate(@Nullable String incoming) {
        return (incoming != null && SAFE.matcher(incoming).matches()) ? incoming : UUID.randomUUID().toString();
    }

    /** @return the request id of the current thread, or null outside a request */
    public static @Nullable String current() {
        return MDC.get(MDC_KEY);
    }
}

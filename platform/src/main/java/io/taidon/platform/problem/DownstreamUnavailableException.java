package io.taidon.platform.problem;

import org.springframework.http.HttpStatus;

/** 503: a Taidon service this call depends on did not answer in time or is failing. */
public class DownstreamUnavailableException extends TaidonProblemException {

    /**
     * @param service name of the service that failed, e.g. {@code user-profile}
     * @param cause what went wrong (logged, never shown)
     */
    public DownstreamUnavailableException(String service, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable",
                "A Taidon service (" + service + ") is not available right now; try again shortly.");
        initCause(cause);
    }
}

package io.taidon.platform.problem;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A 4xx a Taidon service answered this service's call with, passed on to the caller as the same 4xx with the
 * downstream's problem {@code type}, title and (safe, by the platform's contract) detail: a request the downstream
 * refused is the caller's to fix, not an outage. Use {@link #of(String, RestClientResponseException)} in a
 * {@code client/} wrapper to map any error answer.
 */
public class DownstreamRejectedException extends TaidonProblemException {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String service;

    /**
     * @param service the downstream that refused
     * @param status its 4xx status
     * @param kind the problem kind (last segment of its {@code type})
     * @param title its title
     * @param detail its safe detail
     */
    public DownstreamRejectedException(String service, HttpStatus status, String kind, String title, String detail) {
        super(status, kind, title, detail);
        this.service = service;
    }

    /** @return the downstream that refused */
    public String service() {
        return this.service;
    }

    /**
     * @param service the downstream's name
     * @param ex any failure of a call to it
     * @return {@link #of(String, RestClientResponseException)} for an error answer, else
     *         {@link DownstreamUnavailableException} (no answer: refused, timed out, unreadable)
     */
    public static TaidonProblemException of(String service, RestClientException ex) {
        return ex instanceof RestClientResponseException answer ? of(service, answer)
                : new DownstreamUnavailableException(service, ex);
    }

    /**
     * Maps an error answer of another Taidon service: a 4xx other than 401/403 becomes a
     * {@link DownstreamRejectedException} with the same status and problem; a 401/403 (this service's own token was
     * refused: a fault on our side, not the caller's) and every 5xx become {@link DownstreamUnavailableException}
     * (503).
     *
     * @param service the downstream's name
     * @param ex its error answer
     * @return the exception to throw
     */
    public static TaidonProblemException of(String service, RestClientResponseException ex) {
        HttpStatus status = HttpStatus.resolve(ex.getStatusCode().value());
        if (status == null || !status.is4xxClientError() || status == HttpStatus.UNAUTHORIZED
                || status == HttpStatus.FORBIDDEN || status == HttpStatus.PROXY_AUTHENTICATION_REQUIRED) {
            return new DownstreamUnavailableException(service, ex);
        }
        String kind = Problems.kindFor(status);
        String title = status.getReasonPhrase();
        String detail = "The request was refused by a Taidon service (" + service + ").";
        try {
            JsonNode problem = JSON.readTree(ex.getResponseBodyAsString());
            String type = problem.path("type").asString("");
            if (type.startsWith(TYPE_BASE) && type.length() > TYPE_BASE.length()) {
                kind = type.substring(TYPE_BASE.length());
            }
            title = problem.path("title").asString(title);
            detail = problem.path("detail").asString(detail);
        }
        catch (RuntimeException notAProblem) {
            // not JSON: keep the status and the generic title and detail
        }
        DownstreamRejectedException rejected = new DownstreamRejectedException(service, status, kind, title, detail);
        rejected.initCause(ex);
        return rejected;
    }
}

package io.taidon.platform.problem;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** The ProblemDetails that are the same in every service. */
public final class Problems {

    private Problems() {
    }

    /** @return 401 for a missing, malformed, expired or wrongly signed token */
    public static ProblemDetail unauthorized() {
        return of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                "A valid bearer token is required.");
    }

    /** @return 403 for a valid token that lacks the role the call needs */
    public static ProblemDetail forbidden() {
        return of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Your role does not allow this call.");
    }

    /** @return 500 that says nothing about the cause */
    public static ProblemDetail internalError() {
        return of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "Something went wrong on our side. The request id identifies it in our logs.");
    }

    /**
     * @param status HTTP status
     * @param kind stable kind (last segment of the type URI)
     * @param title human summary
     * @param detail safe explanation
     * @return the problem
     */
    public static ProblemDetail of(HttpStatusCode status, String kind, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TaidonProblemException.TYPE_BASE + kind));
        problem.setTitle(title);
        return problem;
    }

    /**
     * @param status a status Spring chose for a framework error
     * @return the Taidon problem kind for it, e.g. {@code bad-request} for 400
     */
    public static String kindFor(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "http-" + status.value()
                : known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

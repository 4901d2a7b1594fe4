package io.taidon.platform.problem;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A failure the caller should see as an RFC 9457 problem: a status, a stable {@code type}
 * ({@code https://taidon.io/problems/<kind>}), a human title and a detail that is safe to show.
 */
public class TaidonProblemException extends RuntimeException {

    /** Base of every problem {@code type} URI. */
    public static final String TYPE_BASE = "https://taidon.io/problems/";

    private final HttpStatus status;

    private final String kind;

    private final String title;

    /**
     * @param status HTTP status of the answer
     * @param kind stable problem kind, the last segment of the {@code type} URI (kebab-case)
     * @param title short human summary of the kind
     * @param detail safe, specific explanation shown to the caller
     */
    public TaidonProblemException(HttpStatus status, String kind, String title, String detail) {
        super(detail);
        this.status = status;
        this.kind = kind;
        this.title = title;
    }

    /** @return the HTTP status of the answer */
    public HttpStatus status() {
        return this.status;
    }

    /** @return the stable problem kind */
    public String kind() {
        return this.kind;
    }

    /** @return the answer as a ProblemDetail */
    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(this.status, getMessage());
        problem.setType(URI.create(TYPE_BASE + this.kind));
        problem.setTitle(this.title);
        return problem;
    }
}

package io.taidon.platform.problem;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every error as an RFC 9457 {@link ProblemDetail} with a stable {@code type}. Framework errors (bad JSON,
 * validation, unsupported media type, …) keep Spring's status and get a Taidon type; anything unexpected is a 500
 * that never echoes the exception message. A {@link RateLimitedException} carries {@code Retry-After}.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(TaidonProblemException.class)
    ResponseEntity<ProblemDetail> handleTaidon(TaidonProblemException ex) {
        if (ex.status().is5xxServerError()) {
            log.warn("{}: {}", ex.kind(), ex.getMessage(), ex.getCause());
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(ex.status());
        if (ex instanceof RateLimitedException limited) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()));
        }
        return answer.body(ex.toProblemDetail());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> handleAccessDenied(AccessDeniedException ex) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Problems.forbidden());
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ProblemDetail> handleAuthentication(AuthenticationException ex) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Problems.unauthorized());
    }

    /** Spring Security's firewall refused a request part (a NUL or control character in a parameter, …). */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> handleRejected(RequestRejectedException ex) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Problems.of(HttpStatus.BAD_REQUEST, "bad-request",
                "Bad request", "The request holds characters or encodings Taidon does not accept."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception ex) {
        log.error("unexpected error", ex);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(Problems.internalError());
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(URI.create(TaidonProblemException.TYPE_BASE + Problems.kindFor(statusCode)));
        }
        return response;
    }
}

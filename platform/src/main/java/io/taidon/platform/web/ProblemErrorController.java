package io.taidon.platform.web;

import java.util.Locale;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.platform.problem.Problems;

/**
 * Replaces Spring Boot's {@code BasicErrorController}: what the servlet container forwards to {@code /error} (an
 * error raised in a filter, {@code sendError}, Spring Security's firewall refusing a request) is answered as a
 * ProblemDetail with the status the container chose and a generic, safe detail; a 5xx is {@code internal-error}. A
 * direct request for {@code /error} (no error to report) is a 404 {@code not-found}, never a 500.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        ProblemDetail problem = problemFor(status);
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /**
     * @param status the status of an error the container reports, or null when there is none
     * @return the ProblemDetail Taidon answers for it
     */
    public static ProblemDetail problemFor(@Nullable HttpStatus status) {
        if (status == null || status == HttpStatus.NOT_FOUND) {
            return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", "No resource at this path.");
        }
        if (status.is5xxServerError() || !status.isError()) {
            return Problems.internalError();
        }
        return Problems.of(status, Problems.kindFor(status), status.getReasonPhrase(),
                "The request was refused: " + status.getReasonPhrase().toLowerCase(Locale.ROOT) + ".");
    }
}

package io.taidon.sqlrunner.run;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.taidon.sqlrunner.execution.ResultMemory;

/**
 * Gives each {@code POST /api/runs} and {@code POST /api/sandboxes/{id}/console} a {@link ResultMemory.Lease} (request attribute {@value #LEASE}) and closes it
 * once the answer has been written: a run's results count against the shared pool for as long as they are in memory,
 * also while a slow client reads them.
 */
@Component
class ResultMemoryFilter extends OncePerRequestFilter {

    /** Request attribute holding the run's lease. */
    static final String LEASE = "io.taidon.sqlrunner.resultMemory";

    private static final Pattern CONSOLE = Pattern.compile("/api/sandboxes/[^/]+/console");

    private final ResultMemory memory;

    ResultMemoryFilter(ResultMemory memory) {
        this.memory = memory;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !("/api/runs".equals(request.getRequestURI())
                || CONSOLE.matcher(request.getRequestURI()).matches());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try (ResultMemory.Lease lease = this.memory.lease()) {
            request.setAttribute(LEASE, lease);
            chain.doFilter(request, response);
        }
    }
}

package io.taidon.gateway.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import io.taidon.platform.problem.Problems;

/**
 * Caps request bodies. A declared {@code Content-Length} above the cap is answered 413 before anything is read or
 * forwarded; a body without a length (chunked) is counted while it streams and fails with
 * {@link PayloadTooLargeException} once it passes the cap, which the route turns into a 413.
 */
public final class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;

    /**
     * @param maxBodySize the cap
     */
    public BodySizeLimitFilter(DataSize maxBodySize) {
        this.maxBytes = maxBodySize.toBytes();
    }

    /**
     * @param maxBytes the cap in bytes
     * @return the 413 problem
     */
    public static ProblemDetail tooLarge(long maxBytes) {
        return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large",
                "The request body is larger than the limit of " + maxBytes + " bytes.");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > this.maxBytes) {
            ProblemResponses.write(response, tooLarge(this.maxBytes));
            return;
        }
        chain.doFilter(declared >= 0 ? request : new LimitedRequest(request, this.maxBytes), response);
    }

    /** Thrown while reading a streamed body that passes the cap. */
    public static final class PayloadTooLargeException extends IOException {

        private final long maxBytes;

        PayloadTooLargeException(long maxBytes) {
            super("request body exceeds " + maxBytes + " bytes");
            this.maxBytes = maxBytes;
        }

        /** @return the cap that was passed, in bytes */
        public long maxBytes() {
            return this.maxBytes;
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long maxBytes;

        private ServletInputStream limited;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (this.limited == null) {
                this.limited = new LimitedInputStream(super.getInputStream(), this.maxBytes);
            }
            return this.limited;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream delegate;

        private final long maxBytes;

        private long read;

        LimitedInputStream(ServletInputStream delegate, long maxBytes) {
            this.delegate = delegate;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = this.delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = this.delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws PayloadTooLargeException {
            this.read += n;
            if (this.read > this.maxBytes) {
                throw new PayloadTooLargeException(this.maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return this.delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return this.delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            this.delegate.setReadListener(listener);
        }
    }
}

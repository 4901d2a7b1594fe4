package io.taidon.gateway.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import io.taidon.platform.problem.Problems;

/**
 * Refuses at the edge, with a 400 {@code bad-request} ProblemDetail and before anything is forwarded, a path or query
 * string that no service could take: a malformed percent-encoding ({@code %zz}, a lone {@code %}), bytes that are not
 * UTF-8 once decoded, or a control character (NUL included) once decoded. Services validate their own parameters
 * again; this keeps what PostgreSQL or a parser would choke on away from them. (Tomcat refuses a bad request line and
 * oversized headers itself; the platform's error valve answers those as ProblemDetails.)
 */
public final class RequestInputFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!acceptable(request.getRequestURI()) || !acceptable(request.getQueryString())) {
            ProblemResponses.write(response, Problems.of(HttpStatus.BAD_REQUEST, "bad-request", "Bad request",
                    "The path or query holds a malformed encoding or a control character."));
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * @param raw a path or query string as sent (percent-encoded), or null
     * @return whether it decodes to UTF-8 text without control characters
     */
    static boolean acceptable(@Nullable String raw) {
        if (raw == null) {
            return true;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    return false;
                }
                bytes.put((byte) Integer.parseInt(raw, i + 1, i + 3, 16));
                i += 2;
            }
            else if (c > 0x7e || c < 0x20) {
                return false;
            }
            else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(bytes)
                .toString();
            return text.chars().noneMatch(Character::isISOControl);
        }
        catch (CharacterCodingException ex) {
            return false;
        }
    }
}

package io.taidon.idp.oidc;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import io.taidon.idp.config.IdpProperties;
import io.taidon.idp.token.SessionTokens;
import io.taidon.idp.token.TokenResponse;
import io.taidon.idp.user.UserAccount;
import io.taidon.idp.user.UserAccounts;
import io.taidon.platform.audit.AuditEvent;
import io.taidon.platform.audit.AuditRecorder;
import io.taidon.platform.problem.Problems;

/**
 * Ends an OIDC login. On success the provider's user ({@code iss}, {@code sub} of the ID token, or the registration
 * id and user name for a plain OAuth 2.0 provider) is mapped to its stable {@code u_oidc_…} identity and Taidon
 * tokens are issued: a redirect to {@code taidon.idp.web-app-url} with
 * {@code #access_token=…&token_type=Bearer&expires_in=…&refresh_token=…&user_id=…} in the fragment (never sent to a
 * server) when configured, else the {@link TokenResponse} as JSON. The login session is dropped either way. A
 * failure answers 401 {@code oidc-login-failed}.
 */
@Component
public class OidcLoginHandler implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    private final UserAccounts users;

    private final SessionTokens sessions;

    private final AuditRecorder audit;

    private final TransactionTemplate transactions;

    private final JsonMapper json;

    private final IdpProperties properties;

    OidcLoginHandler(UserAccounts users, SessionTokens sessions, AuditRecorder audit,
            TransactionTemplate transactions, JsonMapper json, IdpProperties properties) {
        this.users = users;
        this.sessions = sessions;
        this.audit = audit;
        this.transactions = transactions;
        this.json = json;
        this.properties = properties;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws IOException {
        String issuer;
        String subject;
        if (authentication.getPrincipal() instanceof OidcUser oidc) {
            issuer = oidc.getIdToken().getIssuer().toString();
            subject = oidc.getSubject();
        }
        else {
            String registrationId = ((OAuth2AuthenticationToken) authentication).getAuthorizedClientRegistrationId();
            issuer = "oauth2:" + registrationId;
            subject = authentication.getName();
        }
        endSession(request);
        TokenResponse tokens = this.transactions.execute(status -> {
            Optional<UserAccount> user = this.users.findOrCreateFederated(issuer, subject);
            if (user.isEmpty()) {
                return null;
            }
            TokenResponse issued = this.sessions.start(user.get(), "oidc");
            this.audit.record(user.get().userId(), "auth.oidc-login", "user", user.get().userId(), AuditEvent.SUCCESS);
            return issued;
        });
        if (tokens == null) {
            // the linked identity was erased: it never signs in again
            this.audit.record("unknown", "auth.oidc-login", "user", null, AuditEvent.DENIED);
            writeProblem(response, failed());
            return;
        }
        String webAppUrl = this.properties.webAppUrl();
        if (webAppUrl != null && !webAppUrl.isBlank()) {
            response.sendRedirect(webAppUrl + "#access_token=" + encode(tokens.accessToken()) + "&token_type=Bearer"
                    + "&expires_in=" + tokens.expiresIn() + "&refresh_token=" + encode(tokens.refreshToken())
                    + "&user_id=" + encode(tokens.userId()));
            return;
        }
        response.setStatus(HttpStatus.OK.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader("Cache-Control", "no-store");
        this.json.writeValue(response.getOutputStream(), tokens);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        endSession(request);
        this.audit.record("unknown", "auth.oidc-login", "user", null, AuditEvent.FAILURE);
        writeProblem(response, failed());
    }

    private static void endSession(HttpServletRequest request) {
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    private void writeProblem(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        this.json.writeValue(response.getOutputStream(), problem);
    }

    private static ProblemDetail failed() {
        return Problems.of(HttpStatus.UNAUTHORIZED, "oidc-login-failed", "Sign-in failed",
                "The sign-in with the identity provider did not succeed.");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

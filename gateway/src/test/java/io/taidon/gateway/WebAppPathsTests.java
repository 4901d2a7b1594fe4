package io.taidon.gateway;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;

import io.taidon.gateway.web.WebAppPaths;

import static org.assertj.core.api.Assertions.assertThat;

class WebAppPathsTests {

    @ParameterizedTest(name = "{0} {1} → page: {2}")
    @CsvSource({ "GET, /, true", "GET, /sandboxes, true", "HEAD, /account, true", "GET, /sandboxes/sb_1/timeline, true",
            "POST, /account, false", "GET, /api/me, false", "GET, /api, false", "GET, /actuator/health, false",
            "GET, /v3/api-docs/gateway, false", "GET, /swagger-ui/index.html, false", "GET, /swagger-ui.html, false",
            "GET, /assets/index-abc.js, false", "GET, /.well-known/jwks.json, false", "GET, /internal/users, false",
            "GET, /oauth2/token, false", "GET, /error, false", "GET, /login/oauth2/code/x, false",
            "GET, /favicon.ico, false", "GET, /apis, true", "GET, /account;jsessionid=1, false", "GET, //api/me, false" })
    void shouldTellPagesFromEverythingElse(String method, String path, boolean page) {
        assertThat(WebAppPaths.isPageRequest(new MockHttpServletRequest(method, path))).isEqualTo(page);
    }
}

package io.taidon.gateway;

import java.util.List;

import jakarta.servlet.ServletException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.taidon.gateway.web.PublicSurfaceFilter;

import static org.assertj.core.api.Assertions.assertThat;

class PublicSurfaceFilterTests {

    private final PublicSurfaceFilter filter = new PublicSurfaceFilter(List.of("10.1.2.0/24", "::1/128"));

    @ParameterizedTest(name = "{0} {1} from {2} → passes: {3}")
    @CsvSource({ "GET, /internal/users/u_1, 127.0.0.1, false", "DELETE, /internal, 127.0.0.1, false",
            "GET, /internal;jsessionid=1, 127.0.0.1, false", "POST, /oauth2/token, 127.0.0.1, false",
            "GET, /actuator/env, 127.0.0.1, false", "GET, /actuator, 127.0.0.1, false",
            "GET, /actuator/info, 10.1.2.3, false", "GET, /actuator/health, 192.0.2.1, true",
            "GET, /actuator/health/readiness, 192.0.2.1, true", "GET, /actuator/prometheus, 10.1.2.3, true",
            "GET, /actuator/prometheus, ::1, true", "GET, /actuator/prometheus, 10.1.3.3, false",
            "GET, /actuator/prometheus, 127.0.0.1, false", "GET, /internals, 127.0.0.1, true",
            "GET, /api/me, 192.0.2.1, true", "GET, /oauth2x, 127.0.0.1, true" })
    void shouldPassOnlyWhatIsPublic(String method, String path, String address, boolean passes)
            throws ServletException, java.io.IOException {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setRemoteAddr(address);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        this.filter.doFilter(request, response, chain);
        assertThat(chain.getRequest() != null).isEqualTo(passes);
        if (!passes) {
            assertThat(response.getStatus()).isEqualTo(404);
            assertThat(response.getContentType()).isEqualTo("application/problem+json");
            assertThat(response.getContentAsString()).contains("https://taidon.io/problems/not-found");
        }
    }
}

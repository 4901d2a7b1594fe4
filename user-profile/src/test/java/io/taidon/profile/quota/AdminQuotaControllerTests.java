package io.taidon.profile.quota;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.taidon.platform.config.PlatformAutoConfiguration;
import io.taidon.platform.problem.NotFoundException;
import io.taidon.platform.security.TaidonRoles;
import io.taidon.platform.test.TestTokenIssuer;
import io.taidon.profile.account.ProfileService;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@link AdminQuotaController}'s access rule, request validation and error mapping on the web layer alone, with the
 * platform's real security (tokens from {@link TestTokenIssuer}) and ProblemDetail advice and method security as the
 * service turns it on; the quota service is replaced. A learner is refused, out-of-range values are refused before the
 * service is called, and an unknown user reaches the admin as a 404 problem. The end-to-end behaviour is
 * {@code UserProfileIT}'s.
 */
@WebMvcTest(AdminQuotaController.class)
@ImportAutoConfiguration({ PlatformAutoConfiguration.class, RestClientAutoConfiguration.class })
class AdminQuotaControllerTests {

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private QuotaService quotas;

    /** Behind the interceptor that records every caller's profile on {@code /api/**}. */
    @MockitoBean
    private ProfileService profiles;

    /** {@code @PreAuthorize} on, as the service's own method-security configuration turns it on. */
    @TestConfiguration
    @EnableMethodSecurity
    static class MethodSecurity {
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestTokenIssuer.register(registry);
    }

    private static MockHttpServletRequestBuilder as(String role, MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + TestTokenIssuer.get().token("u_local_" + role, role));
    }

    @Test
    void shouldAnswer403ProblemToALearner() throws Exception {
        this.mvc.perform(as(TaidonRoles.LEARNER, get("/api/admin/users/u_local_x/quotas")))
            .andExpect(status().isForbidden())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(this.quotas);
    }

    @Test
    void shouldAnswer401ProblemWithoutToken() throws Exception {
        this.mvc.perform(get("/api/admin/users/u_local_x/quotas"))
            .andExpect(status().isUnauthorized())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(this.quotas);
    }

    @Test
    void shouldAnswer400ProblemForAnOutOfRangeValue() throws Exception {
        this.mvc.perform(as(TaidonRoles.ADMIN, put("/api/admin/users/u_local_x/quotas"))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"maxSandboxes\": -1}"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.status").value(400));
        verifyNoInteractions(this.quotas);
    }

    @Test
    void shouldAnswer400ProblemForMalformedJson() throws Exception {
        this.mvc.perform(as(TaidonRoles.ADMIN, put("/api/admin/users/u_local_x/quotas"))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"maxSandboxes\": "))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(this.quotas);
    }

    @Test
    void shouldMapAnUnknownUserTo404Problem() throws Exception {
        given(this.quotas.update(eq("u_local_gone"), any())).willThrow(NotFoundException.forId("user", "u_local_gone"));
        this.mvc.perform(as(TaidonRoles.ADMIN, put("/api/admin/users/u_local_gone/quotas"))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"maxSandboxes\": 3}"))
            .andExpect(status().isNotFound())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.status").value(404));
    }
}

package io.taidon.sqlrunner.run;

import java.nio.charset.StandardCharsets;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.taidon.platform.config.PlatformAutoConfiguration;
import io.taidon.platform.problem.ConflictException;
import io.taidon.platform.problem.NotFoundException;
import io.taidon.platform.test.TestTokenIssuer;
import io.taidon.sqlrunner.execution.ResultMemory;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@link RunController}'s request validation and error mapping, on the web layer alone: the platform's real security
 * (tokens from {@link TestTokenIssuer}) and ProblemDetail advice, the run feature's services replaced. Bad input must
 * be refused before a run starts (the service is never called); what the service throws must reach the learner as the
 * RFC 9457 ProblemDetail the API documents. The end-to-end behaviour is {@code RunApiIT}'s.
 */
@WebMvcTest(RunController.class)
@ImportAutoConfiguration({ PlatformAutoConfiguration.class, RestClientAutoConfiguration.class })
class RunControllerTests {

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private RunService runs;

    @MockitoBean
    private RunProgress progress;

    @MockitoBean
    private RunHistory history;

    /** The real filter that leases result memory for each run, on a pool of its own. */
    @TestConfiguration
    static class Memory {

        @Bean
        ResultMemory resultMemory() {
            return new ResultMemory(1 << 20);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestTokenIssuer.register(registry);
    }

    private MockHttpServletRequestBuilder asLearner(MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + TestTokenIssuer.get().token("u_anon_slice", "anonymous"));
    }

    @Test
    void shouldAnswer401ProblemWithoutToken() throws Exception {
        this.mvc.perform(post("/api/runs").contentType(MediaType.APPLICATION_JSON).content("{\"sql\":\"select 1\"}"))
            .andExpect(status().isUnauthorized())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(this.runs);
    }

    @Test
    void shouldAnswer400ProblemWhenJsonIsMalformed() throws Exception {
        this.mvc.perform(asLearner(post("/api/runs")).contentType(MediaType.APPLICATION_JSON).content("{\"sql\":"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.status").value(400));
        verifyNoInteractions(this.runs);
    }

    @Test
    void shouldAnswer400ProblemWhenSqlIsMissing() throws Exception {
        this.mvc.perform(asLearner(post("/api/runs")).contentType(MediaType.APPLICATION_JSON).content("{}"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(this.runs);
    }

    @Test
    void shouldAnswer415ProblemForAnotherMediaType() throws Exception {
        this.mvc.perform(asLearner(post("/api/runs")).contentType(MediaType.TEXT_PLAIN).content("select 1"))
            .andExpect(status().isUnsupportedMediaType())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(this.runs);
    }

    @Test
    void shouldAnswer400ProblemWhenSqlBodyIsNotUtf8() throws Exception {
        byte[] latin1 = "select 'caf\u00e9'".getBytes(StandardCharsets.ISO_8859_1);
        this.mvc.perform(asLearner(post("/api/runs")).contentType(RunController.APPLICATION_SQL).content(latin1))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(this.runs);
    }

    @Test
    void shouldMapAnotherUsersSandboxTo404Problem() throws Exception {
        given(this.runs.run(anyString(), any(), any())).willThrow(NotFoundException.forId("sandbox", "sb_other"));
        this.mvc.perform(asLearner(post("/api/runs")).contentType(MediaType.APPLICATION_JSON)
            .content("{\"sql\":\"select 1\",\"sandboxId\":\"sb_other\"}"))
            .andExpect(status().isNotFound())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.status").value(404));
    }

    @Test
    void shouldMapAnUnknownTailTo409ProblemWithItsCode() throws Exception {
        given(this.runs.run(anyString(), any(), any()))
            .willThrow(new ConflictException("tail-unknown", "send the whole script"));
        this.mvc.perform(asLearner(post("/api/runs")).contentType(MediaType.APPLICATION_JSON)
            .content("{\"sql\":\"select 1\",\"tailRef\":\"t\"}"))
            .andExpect(status().isConflict())
            .andExpect(jsonPath("$.type").value(Matchers.endsWith("tail-unknown")));
    }

    @Test
    void shouldAnswer404ProblemForAnotherUsersRun() throws Exception {
        this.mvc.perform(asLearner(get("/api/runs/{id}", "7f6e0a9c-0000-4000-8000-000000000000")))
            .andExpect(status().isNotFound())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
}

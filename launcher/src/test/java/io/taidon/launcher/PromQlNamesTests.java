package io.taidon.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class PromQlNamesTests {

    @Test
    void shouldFindOnlyMetricNamesWhenAnExpressionHasFunctionsGroupingsAndMatchers() {
        String expression = """
                histogram_quantile(0.9, sum by (le, source) (rate(taidon_sandbox_start_seconds_bucket[10m]))) > 5
                and sum(rate(http_server_requests_seconds_count{application="gateway", status=~"401|403"}[1h] offset 1h))
                / ignoring (level) group_left sum(taidon_runs_cache_total{level!="miss"}) > 1e9
                unless on (application) up_metric_without_labels
                """;

        assertThat(PromQlNames.of(expression)).containsExactly("http_server_requests_seconds_count",
                "taidon_runs_cache_total", "taidon_sandbox_start_seconds_bucket", "up_metric_without_labels");
    }

    @Test
    void shouldFindNothingWhenAnExpressionIsOnlyANumber() {
        assertThat(PromQlNames.of("vector(1) > 0.5")).isEmpty();
    }

    @Test
    void shouldStripTheSuffixOnlyWhenTheFamilyIsDeclared() {
        Set<String> families = Set.of("taidon_runs_head_seconds", "http_server_requests_seconds");

        assertThat(PromQlNames.family("taidon_runs_head_seconds_bucket", families)).isEqualTo("taidon_runs_head_seconds");
        assertThat(PromQlNames.family("http_server_requests_seconds_count", families))
            .isEqualTo("http_server_requests_seconds");
        assertThat(PromQlNames.family("taidon_sandbox_start_seconds_count", families))
            .isEqualTo("taidon_sandbox_start_seconds_count");
    }
}

package io.taidon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alert rules pass {@code promtool check rules}, the dashboards are well-formed, and the chart ships both. promtool
 * comes with Debian's {@code prometheus} package ({@code .ci/run} installs it); without it these tests are skipped,
 * except in CI ({@code TAIDON_CI=true}), where its absence fails them.
 */
class ObservabilityFilesTests {

    /** The observability files, relative to the deploy module. */
    static final Path DIRECTORY = Path.of("observability");

    @Test
    void shouldPassPromtoolWhenCheckingEveryRuleFile() throws Exception {
        List<Path> files = files("rules", ".yml");
        assertThat(files).isNotEmpty();

        for (Path file : files) {
            Promtool.Result result = Promtool.checkRules(file);
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("SUCCESS");
            System.out.printf("promtool check rules %s: %s%n", file, result.output().strip().replace('\n', ' '));
        }
    }

    @Test
    void shouldFailPromtoolWhenARuleIsBroken(@TempDir Path work) throws Exception {
        Path broken = work.resolve("broken.yml");
        Files.writeString(broken, """
                groups:
                  - name: broken
                    rules:
                      - alert: Unbalanced
                        expr: sum(rate(http_server_requests_seconds_count[5m])
                """);

        Promtool.Result result = Promtool.checkRules(broken);

        assertThat(result.exitCode()).as(result.output()).isNotZero();
    }

    @Test
    void shouldGiveEveryDashboardPanelAPrometheusQueryWhenReadingTheDashboards() throws IOException {
        List<Path> dashboards = files("dashboards", ".json");
        assertThat(dashboards).hasSizeGreaterThanOrEqualTo(2);
        int panels = 0;

        for (Path file : dashboards) {
            JsonNode dashboard = JsonMapper.builder().build().readTree(file.toFile());
            assertThat(dashboard.path("uid").asString()).as(file.toString()).isNotEmpty();
            for (JsonNode panel : dashboard.path("panels")) {
                if (panel.path("type").asString().equals("row")) {
                    continue;
                }
                panels++;
                assertThat(panel.path("targets").isEmpty()).as(panel.path("title").asString()).isFalse();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("expr").asString()).as(panel.path("title").asString()).isNotBlank();
                }
            }
        }
        assertThat(panels).isGreaterThanOrEqualTo(20);
    }

    @Test
    void shouldShipEveryRuleFileAndDashboardWhenTheChartRenders() throws IOException {
        List<JsonNode> objects = Chart.objects(Chart.Values.PRODUCTION);
        JsonNode rules = objects.stream().filter(o -> Chart.name(o).equals("taidon-alert-rules")).findFirst()
            .orElseThrow();
        JsonNode dashboards = objects.stream().filter(o -> Chart.name(o).equals("taidon-dashboards")).findFirst()
            .orElseThrow();

        for (Path file : files("rules", ".yml")) {
            assertThat(rules.path("data").path(file.getFileName().toString()).asString())
                .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        }
        for (Path file : files("dashboards", ".json")) {
            assertThat(dashboards.path("data").path(file.getFileName().toString()).asString())
                .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        }
        assertThat(dashboards.path("metadata").path("labels").path("grafana_dashboard").asString()).isEqualTo("1");
    }

    private static List<Path> files(String kind, String suffix) throws IOException {
        try (Stream<Path> paths = Files.list(DIRECTORY.resolve(kind))) {
            return paths.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** Runs Debian's promtool. */
    static final class Promtool {

        private Promtool() {
        }

        /**
         * @param exitCode promtool's exit code
         * @param output its standard output and error
         */
        record Result(int exitCode, String output) {
        }

        /**
         * {@code promtool check rules FILE}; skips the calling test when promtool is missing outside CI.
         *
         * @param file a rule file
         * @return exit code and output
         * @throws IOException when promtool cannot be started
         * @throws InterruptedException when interrupted while waiting for it
         */
        static Result checkRules(Path file) throws IOException, InterruptedException {
            Path promtool = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
            if (promtool == null) {
                assertThat(System.getenv("TAIDON_CI"))
                    .as("TAIDON_CI=true but promtool is not on PATH (apt-get install prometheus)")
                    .isNotEqualTo("true");
                Assumptions.abort("promtool is not on PATH (Debian: apt-get install prometheus)");
            }
            Process process = new ProcessBuilder(promtool.toString(), "check", "rules", file.toString())
                .redirectErrorStream(true)
                .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool did not finish within 60 s");
            }
            return new Result(process.exitValue(), output);
        }
    }
}

package io.taidon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every metric name that an alert rule ({@code deploy/observability/rules/*.yml}) or a Grafana dashboard panel
 * ({@code deploy/observability/dashboards/*.json}) queries is in the {@code /actuator/prometheus} output of the
 * running services, after the traffic that makes the lazily registered ones appear: a renamed metric fails the build
 * instead of silently emptying a panel or an alert.
 */
class ObservabilityMetricsIT {

    private static final Duration SCRAPE_DEADLINE = Duration.ofSeconds(60);

    @Test
    void shouldExposeEveryMetricTheRulesAndDashboardsQueryWhenTheSuiteHasServedTraffic() throws Exception {
        long started = System.nanoTime();
        RunningSuite suite = SharedSuite.get();
        Map<String, Set<String>> used = usedNames(SharedSuite.root().resolve(Path.of("deploy", "observability")));
        assertThat(used).hasSizeGreaterThan(40);

        traffic(new GatewayClient(suite.gatewayUrl()));

        AtomicReference<Scrape> latest = new AtomicReference<>();
        // scraped again every second until every name is there; on the deadline, the last scrape's assertion fails
        await().atMost(SCRAPE_DEADLINE)
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(() -> {
                Scrape attempt = Scrape.of(suite);
                latest.set(attempt);
                Map<String, Set<String>> missing = new TreeMap<>();
                attempt.missing(used.keySet()).forEach(name -> missing.put(name, used.get(name)));

                assertThat(missing).as("metric names queried but not exposed by any service (name -> where)")
                    .isEmpty();
            });
        Scrape scrape = latest.get();
        Set<String> declared = scrape.families();
        Set<String> families = new TreeSet<>();
        used.keySet().forEach(name -> families.add(PromQlNames.family(name, declared)));
        System.out.printf("ObservabilityMetricsIT: %d metric names (%d families) queried by the rules and dashboards, "
                + "all among %d sample names of %d services, in %.1f s%n", used.size(), families.size(),
                scrape.samples().size(), SuiteService.values().length, (System.nanoTime() - started) / 1e9);
    }

    /**
     * Traffic after which the lazily registered meters exist: a sandbox start and two runs with the same tail (layer
     * reset, cache levels, run duration), a failed login, and one user's requests past the gateway's per-user budget.
     */
    private static void traffic(GatewayClient gateway) {
        GatewayClient.Answer anonymous = gateway.post("/api/auth/anonymous", null, null);
        assertThat(anonymous.status()).as(anonymous.text()).isEqualTo(201);
        String token = anonymous.string("accessToken");
        String tail = "create table metric_probe (id int primary key, name text);\n"
                + "insert into metric_probe values (1, 'one'), (2, 'two');\n";
        for (String head : List.of("select count(*) from metric_probe;", "select name from metric_probe;")) {
            GatewayClient.Answer run = gateway.run(token, tail + head);
            assertThat(run.status()).as(run.text()).isEqualTo(200);
        }
        GatewayClient.Answer login = gateway.post("/api/auth/login", null,
                GatewayAuthIT.credentials(GatewayAuthIT.newEmail()));
        assertThat(login.status()).as(login.text()).isEqualTo(401);
        int status = 0;
        for (int i = 0; i < 400 && status != 429; i++) {
            status = gateway.get("/api/me", token).status();
        }
        assertThat(status).as("the per-user budget (300 a minute) runs out").isEqualTo(429);
    }

    /**
     * @param directory {@code deploy/observability}
     * @return every metric name the rules' {@code expr} and the dashboards' targets' {@code expr} select, with the
     *     files that use it
     */
    private static Map<String, Set<String>> usedNames(Path directory) throws IOException {
        Map<String, Set<String>> used = new TreeMap<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> rules = Files.list(directory.resolve("rules"));
                Stream<Path> dashboards = Files.list(directory.resolve("dashboards"))) {
            files.addAll(rules.filter(p -> p.toString().endsWith(".yml")).toList());
            files.addAll(dashboards.filter(p -> p.toString().endsWith(".json")).toList());
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        for (Path file : files) {
            JsonNode tree = file.toString().endsWith(".json") ? JsonMapper.builder().build().readTree(file.toFile())
                    : YAMLMapper.builder().build().readTree(file.toFile());
            List<JsonNode> expressions = tree.findValues("expr");
            assertThat(expressions).as(file.toString()).isNotEmpty();
            for (JsonNode expression : expressions) {
                for (String name : PromQlNames.of(expression.asString())) {
                    used.computeIfAbsent(name, n -> new TreeSet<>()).add(file.getFileName().toString());
                }
            }
        }
        return used;
    }

    /**
     * One scrape of every service.
     *
     * @param samples every sample name in the output (the names a query selects: {@code x_bucket}, {@code x_total})
     * @param families every family a {@code # TYPE} line declares
     */
    private record Scrape(Set<String> samples, Set<String> families) {

        static Scrape of(RunningSuite suite) {
            Set<String> samples = new HashSet<>();
            Set<String> families = new HashSet<>();
            for (SuiteService service : SuiteService.values()) {
                GatewayClient.Answer answer = new GatewayClient(suite.serviceUrl(service)).get("/actuator/prometheus",
                        null);
                assertThat(answer.status()).as(service + ": " + answer.text()).isEqualTo(200);
                for (String line : answer.text().split("\n")) {
                    if (line.startsWith("# TYPE ")) {
                        families.add(line.split(" ")[2]);
                    }
                    else if (!line.isBlank() && !line.startsWith("#")) {
                        int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
                        samples.add(line.substring(0, end));
                    }
                }
            }
            return new Scrape(samples, families);
        }

        Set<String> missing(Set<String> used) {
            Set<String> missing = new TreeSet<>(used);
            missing.removeAll(this.samples);
            return missing;
        }
    }
}

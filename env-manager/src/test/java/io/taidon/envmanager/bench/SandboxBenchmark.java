package io.taidon.envmanager.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.taidon.embedded.ServiceDatabase;
import io.taidon.envmanager.EnvManagerApplication;
import io.taidon.envmanager.StubUserProfile;
import io.taidon.envmanager.layer.LayerService;
import io.taidon.envmanager.sandbox.LearnerConnection;
import io.taidon.envmanager.sandbox.SandboxService;
import io.taidon.platform.test.TestControlPlane;
import io.taidon.platform.test.TestTokenIssuer;

/**
 * Prints p50/p99 of sandbox start (empty) and of layer reset for one runtime ({@code -Dbench.runtime=process} by
 * default, or {@code docker}: real engine and the {@code taidon/sandbox:18} image), with the machine it ran on.
 * Not a test: run it with
 * {@code ./mvnw -q -o -pl env-manager test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.taidon.envmanager.bench.SandboxBenchmark [-Dbench.runtime=docker -Dbench.starts=10
 * -Dbench.resets=200]}.
 * It drives env-manager's real services (SandboxService, LayerService) on a real control plane.
 */
public final class SandboxBenchmark {

    private SandboxBenchmark() {
    }

    /**
     * @param args unused
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        int starts = Integer.getInteger("bench.starts", 10);
        int resets = Integer.getInteger("bench.resets", 200);
        String runtime = System.getProperty("bench.runtime", "process");
        Path dataDir = Files.createTempDirectory("taidon-bench-");
        StubUserProfile profile = new StubUserProfile();
        profile.limit(Long.MAX_VALUE);
        ServiceDatabase database = TestControlPlane.get().provision("envs", UUID.randomUUID().toString());
        ConfigurableApplicationContext context = new SpringApplicationBuilder(EnvManagerApplication.class)
            .properties("server.port=0", "spring.datasource.url=" + database.jdbcUrl(),
                    "spring.datasource.username=" + database.username(),
                    "spring.datasource.password=" + database.password(), "spring.flyway.default-schema=envs",
                    "spring.flyway.schemas=envs", "taidon.audit.relay-enabled=false",
                    "taidon.security.jwk-set-uri=" + TestTokenIssuer.get().jwkSetUri(),
                    "taidon.env-manager.data-dir=" + dataDir,
                    "taidon.env-manager.binaries-dir=" + Path.of("target", "postgres-binaries").toAbsolutePath(),
                    "taidon.env-manager.reconciliation.enabled=false", "taidon.env-manager.runtime=" + runtime,
                    "taidon.service-client.services.user-profile=" + profile.url(), "logging.level.root=WARN")
            .run();
        try {
            SandboxService sandboxes = context.getBean(SandboxService.class);
            LayerService layers = context.getBean(LayerService.class);
            List<Long> startNanos = new ArrayList<>();
            for (int i = 0; i < starts; i++) {
                long begin = System.nanoTime();
                String id = sandboxes.create("u_anon_bench" + i, null, false).id();
                startNanos.add(System.nanoTime() - begin);
                if (i > 0) {
                    sandboxes.eraseUser("u_anon_bench" + i);
                }
            }
            String id = sandboxes.list("u_anon_bench0").get(0).id();
            LearnerConnection learner = sandboxes.learnerConnection(id);
            execute(learner, "CREATE TABLE film (id int PRIMARY KEY, title text, length int)",
                    "INSERT INTO film SELECT g, 'film ' || g, g % 180 FROM generate_series(1, 20000) g",
                    "CREATE INDEX ON film (length)");
            String hash = "ab".repeat(32);
            layers.create(id, hash);
            List<Long> thinking = new ArrayList<>();
            List<Long> backToBack = new ArrayList<>();
            for (int i = 0; i < resets; i++) {
                execute(learner, "DELETE FROM film WHERE id % 7 = 0");
                Thread.sleep(100); // think time: the learner reads the result; the spare is prepared meanwhile
                long begin = System.nanoTime();
                layers.reset(id, hash);
                thinking.add(System.nanoTime() - begin);
            }
            for (int i = 0; i < Math.max(10, resets / 10); i++) {
                long begin = System.nanoTime();
                layers.reset(id, hash);
                backToBack.add(System.nanoTime() - begin);
            }
            System.out.println("machine: nproc=" + Runtime.getRuntime().availableProcessors() + ", cpu=" + cpuModel());
            io.taidon.envmanager.runtime.SandboxRuntime used = context
                .getBean(io.taidon.envmanager.runtime.SandboxRuntime.class);
            System.out.println("runtime: " + used.name() + ", engine " + used.engineVersion());
            print("sandbox start (empty, create+initdb+start+harden)", startNanos);
            print("layer reset (20k-row layer, 100 ms think time: spare swap)", thinking);
            print("layer reset (back to back: mostly synchronous clone)", backToBack);
            io.micrometer.core.instrument.MeterRegistry meters = context
                .getBean(io.micrometer.core.instrument.MeterRegistry.class);
            for (String path : List.of("spare", "clone")) {
                io.micrometer.core.instrument.Timer timer = meters.find("taidon.layer.reset").tag("path", path).timer();
                System.out.printf("  reset path %-5s: %d resets, mean %.1f ms inside env-manager's lock%n", path,
                        timer == null ? 0 : timer.count(),
                        timer == null ? 0.0 : timer.mean(java.util.concurrent.TimeUnit.MILLISECONDS));
            }
            sandboxes.eraseUser("u_anon_bench0");
        }
        finally {
            context.close();
            System.exit(0);
        }
    }

    private static void execute(LearnerConnection learner, String... statements) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", learner.username());
        properties.setProperty("password", learner.password());
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://" + learner.host() + ":" + learner.port() + "/" + learner.database(), properties);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static void print(String what, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf("%-62s n=%4d  p50=%8.1f ms  p99=%8.1f ms  max=%8.1f ms%n", what, sorted.size(),
                percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6);
    }

    private static double percentile(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("model name"))
                .findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .orElse("unknown");
        }
        catch (java.io.IOException ex) {
            return "unknown";
        }
    }
}

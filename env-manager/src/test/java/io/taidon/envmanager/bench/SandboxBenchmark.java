package io.taidon.envmanager.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.taidon.embedded.ServiceDatabase;
import io.taidon.envmanager.EnvManagerApplication;
import io.taidon.envmanager.LearnerJdbc;
import io.taidon.envmanager.StubSnapshotCache;
import io.taidon.envmanager.TestDirectories;
import io.taidon.envmanager.layer.LayerService;
import io.taidon.envmanager.sandbox.LearnerConnection;
import io.taidon.envmanager.sandbox.SandboxAdmin;
import io.taidon.envmanager.sandbox.SandboxService;
import io.taidon.envmanager.snapshot.SnapshotCaptureService;
import io.taidon.platform.test.QuotaStub;
import io.taidon.platform.test.TestControlPlane;
import io.taidon.platform.test.TestTokenIssuer;

/**
 * Prints p50/p99 of sandbox start (empty; from a snapshot, cold = not in the node-local snapshot cache, and warm =
 * in it), of the cold path of a new user whose tail is a chain snapshot (the old call sequence: empty default
 * sandbox, restore, layer store; and the new one: default sandbox created from the snapshot, layer store) with the
 * time per phase, of layer reset and of the cluster-defaults step inside it (the check alone, and check + repairs
 * after the learner changed its role and database) for one runtime ({@code -Dbench.runtime=process} by
 * default, or {@code docker}: real engine and the {@code taidon/sandbox:18} image), with the machine it ran on.
 * Not a test: run it as BENCHMARKS.md says ({@code java -cp target/test-classes:target/classes:<test classpath>
 * [-Dbench.runtime=docker -Dbench.starts=10 -Dbench.resets=200 -Dbench.cold=10 -Dbench.rows=50000]
 * io.taidon.envmanager.bench.SandboxBenchmark}).
 * It drives env-manager's real services (SandboxService, LayerService, SnapshotCaptureService) on a real control
 * plane; snapshot-cache's protocol is served on loopback by {@link StubSnapshotCache} (blobs from a local
 * directory: the network and S3 of a real snapshot-cache are not in these figures).
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
        Path dataDir = TestDirectories.create("taidon-bench-");
        int rows = Integer.getInteger("bench.rows", 50000);
        StubSnapshotCache store = new StubSnapshotCache();
        QuotaStub profile = new QuotaStub(); // no limits
        ServiceDatabase database = TestControlPlane.get().provision("envs", UUID.randomUUID().toString());
        // application.yml outranks the builder's default properties for these two
        System.setProperty("server.port", "0");
        System.setProperty("taidon.env-manager.data-dir", dataDir.toString());
        ConfigurableApplicationContext context = new SpringApplicationBuilder(EnvManagerApplication.class)
            .properties("server.port=0", "spring.datasource.url=" + database.jdbcUrl(),
                    "spring.datasource.username=" + database.username(),
                    "spring.datasource.password=" + database.password(), "spring.flyway.default-schema=envs",
                    "spring.flyway.schemas=envs", "taidon.audit.relay-enabled=false",
                    "taidon.security.jwk-set-uri=" + TestTokenIssuer.get().jwkSetUri(),
                    "taidon.env-manager.data-dir=" + dataDir,
                    "taidon.env-manager.binaries-dir=" + Path.of("target", "postgres-binaries").toAbsolutePath(),
                    "taidon.env-manager.reconciliation.enabled=false", "taidon.env-manager.runtime=" + runtime,
                    "taidon.service-client.services.user-profile=" + profile.url(),
                    "taidon.service-client.token-uri=" + profile.url() + "/oauth2/token",
                    "taidon.service-client.client-id=test-client", "taidon.service-client.client-secret=test-secret",
                    "taidon.service-client.services.snapshot-cache=" + store.url(),
                    "taidon.env-manager.suspend.enabled=false", "logging.level.root=WARN")
            .run();
        try {
            SandboxService sandboxes = context.getBean(SandboxService.class);
            LayerService layers = context.getBean(LayerService.class);
            // the first empty sandbox runs initdb and builds the node's empty template in the background
            long initdbBegin = System.nanoTime();
            sandboxes.create("u_anon_bench_initdb", null, false);
            List<Long> initdbNanos = List.of(System.nanoTime() - initdbBegin);
            sandboxes.eraseUser("u_anon_bench_initdb");
            Thread.sleep(5000);
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
            // the cluster-defaults step of every reset on its own, on the admin connection already open: the check
            // query alone (nothing to repair, the usual case) and check + repairs after the learner changed its role,
            // its password and its database's settings, limit, ACL and comment
            SandboxAdmin admin = context.getBean(SandboxAdmin.class);
            List<Long> checkOnly = new ArrayList<>();
            for (int i = 0; i < resets; i++) {
                long begin = System.nanoTime();
                admin.withAdmin(id, (connection, instance) -> admin.restoreClusterDefaults(id, connection));
                checkOnly.add(System.nanoTime() - begin);
            }
            List<Long> withRepairs = new ArrayList<>();
            for (int i = 0; i < Math.max(10, resets / 10); i++) {
                execute(learner, "ALTER ROLE learner SET transform_null_equals = on",
                        "ALTER ROLE learner SET search_path = ''", "ALTER ROLE learner IN DATABASE postgres SET work_mem = '1MB'",
                        "ALTER DATABASE learner SET enable_seqscan = off", "ALTER DATABASE learner CONNECTION LIMIT 3",
                        "GRANT CONNECT ON DATABASE learner TO PUBLIC", "COMMENT ON DATABASE learner IS 'mine'",
                        "ALTER ROLE learner PASSWORD 'chosen-by-the-learner'");
                long begin = System.nanoTime();
                admin.withAdmin(id, (connection, instance) -> admin.restoreClusterDefaults(id, connection));
                withRepairs.add(System.nanoTime() - begin);
            }
            // a chain snapshot of a learner database of some size (a course database such as Pagila)
            String source = sandboxes.create("u_anon_bench_source", null, false).id();
            LearnerConnection sourceLearner = sandboxes.learnerConnection(source);
            execute(sourceLearner, "CREATE TABLE rental (id int PRIMARY KEY, customer int, title text, at timestamptz)",
                    "INSERT INTO rental SELECT g, g % 599, md5(g::text), now() - g * interval '1 minute'"
                            + " FROM generate_series(1, " + rows + ") g",
                    "CREATE INDEX ON rental (customer)", "CREATE INDEX ON rental (at)");
            String chain = "cd".repeat(32);
            layers.create(source, chain);
            String snapshotId = context.getBean(SnapshotCaptureService.class)
                .capture(source, "chain", chain, null, "bench-" + chain, "{\"results\":[]}");
            io.micrometer.core.instrument.MeterRegistry meters = context
                .getBean(io.micrometer.core.instrument.MeterRegistry.class);
            io.taidon.envmanager.runtime.SandboxRuntime used = context
                .getBean(io.taidon.envmanager.runtime.SandboxRuntime.class);
            int coldRuns = Integer.getInteger("bench.cold", Math.max(5, starts));

            // OLD cold path: empty default sandbox, restore into it, store the layer (each snapshot new to the node)
            clearPhases(meters);
            List<Long> oldPath = new ArrayList<>();
            for (int i = 0; i < coldRuns; i++) {
                String fresh = store.derive(snapshotId, manifest -> manifest);
                String user = "u_anon_benchold" + i;
                long begin = System.nanoTime();
                String sandbox = sandboxes.defaultSandbox(user).id();
                sandboxes.reset(null, sandbox, fresh);
                long layerBegin = System.nanoTime();
                layers.create(sandbox, chain);
                layerPhase(meters, used, layerBegin);
                oldPath.add(System.nanoTime() - begin);
                sandboxes.eraseUser(user);
            }
            String oldPhases = phases(meters, coldRuns);

            // NEW cold path, snapshot not in the node-local cache: default sandbox created from the snapshot
            clearPhases(meters);
            List<Long> newCold = new ArrayList<>();
            List<Long> startCold = new ArrayList<>();
            for (int i = 0; i < coldRuns; i++) {
                String fresh = store.derive(snapshotId, manifest -> manifest);
                String user = "u_anon_benchcold" + i;
                long begin = System.nanoTime();
                String sandbox = sandboxes.defaultSandbox(user, fresh).sandbox().id();
                long started = System.nanoTime();
                layers.create(sandbox, chain);
                layerPhase(meters, used, started);
                newCold.add(System.nanoTime() - begin);
                startCold.add(started - begin);
                sandboxes.eraseUser(user);
            }
            String coldPhases = phases(meters, coldRuns);

            // NEW cold path, snapshot in the node-local cache (restored on this node before)
            sandboxes.eraseUser(sandboxes.defaultSandbox("u_anon_benchwarmup", snapshotId).sandbox().userId());
            Thread.sleep(3000);
            clearPhases(meters);
            List<Long> newWarm = new ArrayList<>();
            List<Long> startWarm = new ArrayList<>();
            for (int i = 0; i < coldRuns; i++) {
                Thread.sleep(i == 0 ? 0 : 3000); // new users arrive: the next spare copy is made meanwhile
                String user = "u_anon_benchwarm" + i;
                long begin = System.nanoTime();
                String sandbox = sandboxes.defaultSandbox(user, snapshotId).sandbox().id();
                long started = System.nanoTime();
                layers.create(sandbox, chain);
                layerPhase(meters, used, started);
                newWarm.add(System.nanoTime() - begin);
                startWarm.add(started - begin);
                sandboxes.eraseUser(user);
            }
            String warmPhases = phases(meters, coldRuns);

            System.out.println("machine: nproc=" + Runtime.getRuntime().availableProcessors() + ", cpu=" + cpuModel()
                    + ", memory=" + memory());
            System.out.println("runtime: " + used.name() + ", engine " + used.engineVersion() + "; snapshot: "
                    + rows + "-row table + 2 indexes, " + store.manifest(snapshotId).get("totalSize") + " bytes in "
                    + ((List<?>) store.manifest(snapshotId).get("files")).size() + " files");
            print("sandbox start (empty, first: initdb+start+harden)", initdbNanos);
            print("sandbox start (empty, from the node's empty template)", startNanos);
            print("sandbox start from snapshot, cold (not in local cache)", startCold);
            print("sandbox start from snapshot, warm (in local cache)", startWarm);
            print("cold path OLD (default empty + restore + layer)", oldPath);
            System.out.println("    phases (mean): " + oldPhases);
            print("cold path NEW, cold (default from snapshot + layer)", newCold);
            System.out.println("    phases (mean): " + coldPhases);
            print("cold path NEW, warm (default from snapshot + layer)", newWarm);
            System.out.println("    phases (mean): " + warmPhases);
            print("layer reset (20k-row layer, 100 ms think time: spare swap)", thinking);
            print("layer reset (back to back: mostly synchronous clone)", backToBack);
            print("  of which cluster defaults: check only (nothing to repair)", checkOnly);
            print("  cluster defaults after the learner changed them (check+repair)", withRepairs);
            for (String path : List.of("spare", "clone")) {
                io.micrometer.core.instrument.Timer timer = meters.find("taidon.layer.reset").tag("path", path).timer();
                System.out.printf("  reset path %-5s: %d resets, mean %.1f ms inside env-manager's lock%n", path,
                        timer == null ? 0 : timer.count(),
                        timer == null ? 0.0 : timer.mean(java.util.concurrent.TimeUnit.MILLISECONDS));
            }
            sandboxes.eraseUser("u_anon_bench0");
            sandboxes.eraseUser("u_anon_bench_source");
        }
        finally {
            context.close();
            System.exit(0);
        }
    }

    private static void execute(LearnerConnection learner, String... statements) throws Exception {
        LearnerJdbc.execute(learner, statements);
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

    private static void layerPhase(io.micrometer.core.instrument.MeterRegistry meters,
            io.taidon.envmanager.runtime.SandboxRuntime runtime, long begin) {
        io.micrometer.core.instrument.Timer.builder("taidon.sandbox.start.phase")
            .tags("runtime", runtime.name(), "phase", "layer-store")
            .register(meters)
            .record(System.nanoTime() - begin, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private static void clearPhases(io.micrometer.core.instrument.MeterRegistry meters) {
        for (io.micrometer.core.instrument.Meter meter : meters.find("taidon.sandbox.start.phase").meters()) {
            meters.remove(meter);
        }
    }

    /** Mean time per phase of sandbox starts (the meters {@code PhaseClock} records), per cold-path run. */
    private static String phases(io.micrometer.core.instrument.MeterRegistry meters, int runs) {
        StringBuilder line = new StringBuilder();
        for (io.micrometer.core.instrument.Timer timer : meters.find("taidon.sandbox.start.phase").timers()) {
            line.append(timer.getId().getTag("phase")).append('=')
                .append(String.format("%.0f", timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS) / runs))
                .append("ms ");
        }
        return line.toString().trim();
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(line -> line.startsWith("MemTotal"))
                .findFirst()
                .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB")
                .orElse("unknown");
        }
        catch (java.io.IOException ex) {
            return "unknown";
        }
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

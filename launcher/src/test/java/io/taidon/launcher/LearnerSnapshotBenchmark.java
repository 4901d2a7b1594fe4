package io.taidon.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * Benchmark of learner snapshots on Pagila through the gateway (save, restore, branch: DESIGN.md "Bases, console, save and restore"); prints figures, asserts
 * nothing. One registered learner loads Pagila into its default sandbox, then:
 * <ul>
 * <li>save: 5 saves of the sandbox ({@code POST /api/sandboxes/{id}/snapshots}); wall time of the call, which
 * includes the sandbox's stop for the capture;</li>
 * <li>restore to first result: {@code POST …/restore} of the first save, then {@code select count(*) from
 * public.rental} with the sandbox id; 5 times, and the run right after (served on the restored base);</li>
 * <li>branch to first result: {@code POST /api/sandboxes {fromSnapshotId}}, then the same query in the branch; 5
 * times, each branch deleted after;</li>
 * <li>the first save's logical and stored size ({@code GET /api/snapshots/{id}}).</li>
 * </ul>
 * Usage: {@code LearnerSnapshotBenchmark [--url http://localhost:8080] [--corpus DIR]}, as
 * {@link HotPathBenchmark} (with {@code --url}, the suite's save and run limits must allow the calls).
 */
public final class LearnerSnapshotBenchmark {

    private static final int ROUNDS = 5;

    private static final String QUERY = "select count(*) from public.rental;";

    private LearnerSnapshotBenchmark() {
    }

    /**
     * @param args {@code --url <gateway>} to use a running suite, {@code --corpus <dir>}
     * @throws Exception when the suite cannot be started or a call fails
     */
    public static void main(String[] args) throws Exception {
        HotPathBenchmark.run(args, List.of("-Dtaidon.user-profile.registered.runs-per-minute=100000",
                "-Dtaidon.sql-runner.quotas.saves-per-minute=1000", "-Dtaidon.sql-runner.quotas.saves-per-hour=1000",
                "-Dtaidon.user-profile.registered.max-named-snapshots=1000",
                "-Dtaidon.user-profile.registered.snapshot-storage-bytes=100GB"),
                (url, corpus) -> bench(new GatewayClient(url), corpus));
    }

    private static void bench(GatewayClient gateway, Path corpus) throws IOException {
        String tail = Files.readString(corpus.resolve("pagila/pagila-schema.sql"), StandardCharsets.UTF_8) + "\n"
                + Files.readString(corpus.resolve("pagila/pagila-data.sql"), StandardCharsets.UTF_8) + "\n";
        GatewayClient.Answer registered = gateway.post("/api/auth/register", null,
                GatewayAuthIT.credentials("bench-" + UUID.randomUUID() + "@example.org"));
        if (registered.status() != 201) {
            throw new IllegalStateException("register: " + registered.status() + " " + registered.text());
        }
        String token = registered.string("accessToken");
        gateway.get("/api/me", token);
        long started = System.nanoTime();
        JsonNode load = HotPathBenchmark.run(gateway, token, tail + QUERY);
        String sandbox = load.path("sandboxId").asString();
        System.out.printf(Locale.ROOT, "load: %d statements in %.0f ms%n", load.path("statements").size(),
                HotPathBenchmark.millis(started));

        List<Double> saves = new ArrayList<>();
        String snapshot = null;
        for (int i = 0; i < ROUNDS; i++) {
            long t = System.nanoTime();
            GatewayClient.Answer saved = gateway.post("/api/sandboxes/" + sandbox + "/snapshots", token,
                    Map.of("name", "pagila " + i));
            saves.add(HotPathBenchmark.millis(t));
            expect(saved, 201);
            snapshot = snapshot == null ? saved.string("snapshotId") : snapshot;
        }
        print("save (call; the sandbox is stopped for the capture inside it)", saves);

        List<Double> restores = new ArrayList<>();
        List<Double> afterRestore = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            long t = System.nanoTime();
            expect(gateway.post("/api/sandboxes/" + sandbox + "/restore", token, Map.of("snapshotId", snapshot)), 200);
            expect(gateway.run(token, GatewayClient.runBody(QUERY, sandbox)), 200);
            restores.add(HotPathBenchmark.millis(t));
            t = System.nanoTime();
            expect(gateway.run(token, GatewayClient.runBody(QUERY, sandbox)), 200);
            afterRestore.add(HotPathBenchmark.millis(t));
        }
        print("restore to first result", restores);
        print("next run on the restored base", afterRestore);

        List<Double> branches = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            long t = System.nanoTime();
            GatewayClient.Answer branch = gateway.post("/api/sandboxes", token, Map.of("fromSnapshotId", snapshot));
            expect(branch, 201);
            expect(gateway.run(token, GatewayClient.runBody(QUERY, branch.string("id"))), 200);
            branches.add(HotPathBenchmark.millis(t));
            gateway.delete("/api/sandboxes/" + branch.string("id"), token);
        }
        print("branch to first result", branches);

        JsonNode described = gateway.get("/api/snapshots/" + snapshot, token).body();
        System.out.printf(Locale.ROOT, "snapshot size: logical %.1f MB, stored %.1f MB%n",
                described.path("logicalSize").asLong() / 1e6, described.path("storedSize").asLong() / 1e6);
    }

    private static void expect(GatewayClient.Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException(status + " expected: " + answer.status() + " " + answer.text());
        }
    }

    private static void print(String label, List<Double> times) {
        List<Double> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "%s: p50 %.0f ms, max %.0f ms (%d times) %s%n", label,
                HotPathBenchmark.percentile(sorted, 50), sorted.getLast(), sorted.size(),
                times.stream().map(t -> Long.toString(Math.round(t))).toList());
    }
}

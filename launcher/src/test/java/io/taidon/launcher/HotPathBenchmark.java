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

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.taidon.platform.test.Corpus;

/**
 * Benchmark of a run through the gateway (DESIGN.md "Performance targets"); prints figures, asserts nothing.
 * <ul>
 * <li>hot path: Pagila loaded, then 100 runs that change only the head query, with the whole script in a JSON body,
 * 100 more with it as an {@code application/sql} body, and 100 more that name the previous run's tail
 * ({@code tailRef}) and send only the new head; p50/p99 of the client's wall time;</li>
 * <li>full replay of the same script (cache off: a new user's first run of the script under a unique leading
 * comment, so no layer or chain snapshot matches) and the ratio to the hot p50;</li>
 * <li>cold path: the first run of 10 new users with the same tail (served by a chain snapshot when one exists).</li>
 * </ul>
 * Usage: {@code HotPathBenchmark [--url http://localhost:8080] [--corpus DIR]}; without {@code --url} it starts the
 * suite from the service jars in {@code <root>/<module>/target} on random ports (root: {@code -Dtaidon.root}, else
 * {@code ..}). See BENCHMARKS.md for the command.
 */
public final class HotPathBenchmark {

    private static final int WARM_UP = 50;

    private HotPathBenchmark() {
    }

    /**
     * @param args {@code --url <gateway>} to use a running suite, {@code --corpus <dir>} (default
     *        {@code <root>/../shared/corpus})
     * @throws Exception when the suite cannot be started or a run fails
     */
    public static void main(String[] args) throws Exception {
        // one anonymous learner makes hundreds of runs here: lift its runs-per-minute quota (30 by default)
        run(args, List.of("-Dtaidon.user-profile.anonymous.runs-per-minute=100000"),
                (url, corpus) -> bench(new GatewayClient(url), corpus, url));
    }

    /** A benchmark's body, given the gateway's URL and the corpus directory. */
    interface Body {

        /**
         * @param url the gateway
         * @param corpus the corpus directory
         * @throws IOException when the corpus cannot be read
         */
        void run(String url, Path corpus) throws IOException;
    }

    /**
     * What every benchmark's {@code main} does: reads {@code --url} and {@code --corpus}, prints the machine, starts
     * the suite on random ports (with the extra JVM options for every service) unless {@code --url} names one, runs
     * the body, and stops what it started.
     *
     * @param args the command line
     * @param javaOptions extra JVM options for the services of a suite started here
     * @param body the benchmark
     * @throws Exception when the suite cannot be started or the body fails
     */
    static void run(String[] args, List<String> javaOptions, Body body) throws Exception {
        String url = null;
        Path corpus = Corpus.location();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1];
                case "--corpus" -> corpus = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        machine();
        RunningSuite suite = null;
        if (url == null) {
            long started = System.nanoTime();
            List<String> options = new ArrayList<>(SuiteOptions.DEFAULT_JAVA_OPTIONS);
            options.addAll(javaOptions);
            suite = Suite.start(SuiteOptions.defaults(SharedSuite.root())
                .withHome(Files.createTempDirectory("taidon-bench-"))
                .withRandomPorts(true)
                .withJavaOptions(options));
            url = suite.gatewayUrl();
            System.out.printf(Locale.ROOT, "suite started in %.1f s at %s%n", seconds(started), url);
        }
        try {
            body.run(url, corpus);
        }
        finally {
            if (suite != null) {
                suite.close();
            }
        }
    }

    private static void bench(GatewayClient gateway, Path corpus, String url) throws IOException {
        try (TimedClient timed = new TimedClient(url)) {
            bench(gateway, corpus, timed);
        }
    }

    private static void bench(GatewayClient gateway, Path corpus, TimedClient timed) throws IOException {
        String tail = Files.readString(corpus.resolve("pagila/pagila-schema.sql"), StandardCharsets.UTF_8) + "\n"
                + Files.readString(corpus.resolve("pagila/pagila-data.sql"), StandardCharsets.UTF_8) + "\n";
        String token = anonymous(gateway);
        long started = System.nanoTime();
        JsonNode load = run(gateway, token, tail + "select count(*) from public.film;");
        double loadMs = millis(started);
        System.out.printf(Locale.ROOT, "load: %d statements, first run (full replay, layer stored) %.0f ms%n",
                load.get("statements").size(), loadMs);
        // warm-up: the services' JIT compilers need a few dozen runs of a 3.6 MB request to reach the steady state a
        // long-running suite is in (a fresh gateway answers the first runs about twice as slowly)
        for (int i = 0; i < WARM_UP; i++) {
            long giveUp = System.nanoTime() + 180_000_000_000L;
            while (true) {
                try {
                    timed.run(token, GatewayClient.runBody(
                            tail + "select count(*) from public.film where length > " + (200 - i) + ";"));
                    break;
                }
                catch (IllegalStateException ex) {
                    if (System.nanoTime() > giveUp) {
                        throw ex;
                    }
                    System.out.println("warm-up run failed, retrying: " + ex.getMessage());
                    sleep();
                }
            }
        }
        List<Double> hot = hotRuns(timed, token, tail, Form.JSON);
        List<Double> sqlBody = hotRuns(timed, token, tail, Form.SQL);
        List<Double> named = hotRuns(timed, token, tail, Form.TAIL_REF);

        String other = anonymous(gateway);
        started = System.nanoTime();
        // a leading comment belongs to the first statement: every chain hash differs, so nothing cached can serve it
        JsonNode replay = run(gateway, other, "-- full replay " + java.util.UUID.randomUUID() + "\n" + tail
                + "select count(*) from public.film where length > 100;");
        double replayMs = millis(started);
        System.out.printf(Locale.ROOT, "full replay (cache off: a new user's first run, hitDepth %d): %.0f ms%n",
                replay.at("/cache/hitDepth").asInt(), replayMs);
        System.out.printf(Locale.ROOT, "ratio full replay / hot p50: %.0fx (JSON), %.0fx (application/sql), "
                + "%.0fx (tailRef)%n", replayMs / percentile(hot, 50), replayMs / percentile(sqlBody, 50),
                replayMs / percentile(named, 50));

        // the chain snapshot of the tail is captured and uploaded in the background after the first slow load; the cold
        // path is about a tail that has one, so wait (probing as new users) until a new user's run is served by it
        long waitStarted = System.nanoTime();
        int probes = 0;
        while (System.nanoTime() - waitStarted < 180_000_000_000L) {
            probes++;
            JsonNode probe = run(gateway, anonymous(gateway), tail + "select 1;");
            if (probe.at("/cache/hitDepth").asInt() > 0) {
                break;
            }
            sleep();
        }
        System.out.printf(Locale.ROOT, "chain snapshot of the tail served a new user after %.0f s (%d probe runs)%n",
                seconds(waitStarted), probes);
        List<Double> cold = new ArrayList<>();
        List<String> depths = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String user = anonymous(gateway);
            byte[] body = GatewayClient.runBody(tail + "select count(*) from public.rental;");
            long t = System.nanoTime();
            try {
                JsonNode run = timed.run(user, body);
                cold.add(millis(t));
                depths.add(run.at("/cache/hitDepth").asInt() + "/" + run.at("/cache/replayed").asInt() + " in "
                        + Math.round(cold.getLast()) + " ms");
            }
            catch (IllegalStateException ex) {
                depths.add("failed after " + Math.round(millis(t)) + " ms: " + ex.getMessage());
            }
        }
        if (cold.isEmpty()) {
            System.out.println("cold path: no run succeeded " + depths);
            return;
        }
        List<Double> sortedCold = new ArrayList<>(cold);
        Collections.sort(sortedCold);
        System.out.printf(Locale.ROOT,
                "cold path (10 new users, same tail): p50 %.0f ms, p99 %.0f ms; hitDepth/replayed per run %s%n",
                percentile(sortedCold, 50), percentile(sortedCold, 99), depths);
    }

    /** How a timed hot run sends its script. */
    private enum Form {
        /** {@code {"sql": <whole script>}} */
        JSON("JSON body, whole script"),
        /** the whole script as an {@code application/sql} body */
        SQL("application/sql body, whole script"),
        /**
         * {@code {"tailRef": <previous answer's tail.ref>, "sql": <the text after tail.length>}}, as a web client that
         * remembers its previous run sends it; the whole script again when the answer is 409 {@code tail-unknown}
         */
        TAIL_REF("JSON body naming the previous run's tail (tailRef)");

        private final String label;

        Form(String label) {
            this.label = label;
        }
    }

    /**
     * 100 runs of the tail with a new head each, the script sent in the given form; prints p50/p99 at the client and
     * inside sql-runner.
     *
     * @return the client's wall times in milliseconds, sorted
     */
    private static List<Double> hotRuns(TimedClient timed, String token, String tail, Form form) throws IOException {
        List<Double> hot = new ArrayList<>();
        List<Double> server = new ArrayList<>();
        int hits = 0;
        int wholeAgain = 0;
        String previous = null;
        JsonNode previousTail = null;
        for (int i = 0; i < 100; i++) {
            // the request body is built before the clock starts: the figure is the platform's, not the JSON encoder's
            String script = tail + "select count(*) from public.film where length > " + (100 * form.ordinal() + i)
                    + ";";
            byte[] body;
            ContentType type = ContentType.APPLICATION_JSON;
            boolean named = false;
            if (form == Form.SQL) {
                body = script.getBytes(StandardCharsets.UTF_8);
                type = APPLICATION_SQL;
            }
            else if (form == Form.TAIL_REF && previousTail != null && previousTail.isObject()
                    && script.regionMatches(0, previous, 0, previousTail.get("length").asInt())) {
                int length = previousTail.get("length").asInt();
                body = TimedClient.JSON.writeValueAsBytes(
                        Map.of("tailRef", previousTail.get("ref").asString(), "sql", script.substring(length)));
                named = true;
            }
            else {
                body = GatewayClient.runBody(script);
            }
            long t = System.nanoTime();
            JsonNode run;
            try {
                run = timed.run(token, body, type);
            }
            catch (IllegalStateException ex) {
                if (!named || !ex.getMessage().startsWith("run: 409")) {
                    throw ex;
                }
                wholeAgain++;
                run = timed.run(token, GatewayClient.runBody(script), type);
            }
            hot.add(millis(t));
            server.add(run.get("durationMs").asDouble());
            hits += run.at("/cache/hitDepth").asInt() == run.get("statements").size() - 1 ? 1 : 0;
            previous = script;
            previousTail = run.get("tail");
        }
        Collections.sort(hot);
        Collections.sort(server);
        System.out.printf(Locale.ROOT,
                "hot path, %s (100 runs, new head each): p50 %.1f ms, p99 %.1f ms through the gateway "
                        + "(sql-runner's own durationMs p50 %.0f, p99 %.0f); tail fully cached in %d/100%s%n",
                form.label, percentile(hot, 50), percentile(hot, 99), percentile(server, 50), percentile(server, 99),
                hits, form == Form.TAIL_REF ? "; whole script sent again after 409 in " + wholeAgain + "/100" : "");
        return hot;
    }

    private static final ContentType APPLICATION_SQL = ContentType.create("application/sql", StandardCharsets.UTF_8);

    /**
     * The client of the timed runs: one keep-alive HTTP/1.1 connection, the body written straight to the socket by
     * the calling thread (Apache HttpClient 5, classic I/O), as a browser or curl sends it.
     */
    private static final class TimedClient implements AutoCloseable {

        private static final JsonMapper JSON = JsonMapper.builder().build();

        private final CloseableHttpClient http = HttpClients.createDefault();

        private final String runs;

        TimedClient(String gatewayUrl) {
            this.runs = gatewayUrl + "/api/runs";
        }

        JsonNode run(String token, byte[] body) throws IOException {
            return run(token, body, ContentType.APPLICATION_JSON);
        }

        JsonNode run(String token, byte[] body, ContentType type) throws IOException {
            HttpPost post = new HttpPost(this.runs);
            post.setHeader("Authorization", "Bearer " + token);
            post.setEntity(new ByteArrayEntity(body, type));
            return this.http.execute(post, response -> {
                String text = EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
                if (response.getCode() != 200) {
                    throw new IllegalStateException("run: " + response.getCode() + " " + text);
                }
                return JSON.readTree(text);
            });
        }

        @Override
        public void close() throws IOException {
            this.http.close();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(2000);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    static String anonymous(GatewayClient gateway) {
        GatewayClient.Answer answer = gateway.post("/api/auth/anonymous", null, null);
        if (answer.status() != 201) {
            throw new IllegalStateException("anonymous sign-in: " + answer.status() + " " + answer.text());
        }
        return answer.string("accessToken");
    }

    static JsonNode run(GatewayClient gateway, String token, String sql) {
        return run(gateway, token, GatewayClient.runBody(sql));
    }

    static JsonNode run(GatewayClient gateway, String token, byte[] body) {
        GatewayClient.Answer answer = gateway.run(token, body);
        if (answer.status() != 200) {
            throw new IllegalStateException("run: " + answer.status() + " " + answer.text());
        }
        return answer.body();
    }

    static void machine() throws IOException {
        String model = Files.readAllLines(Path.of("/proc/cpuinfo"))
            .stream()
            .filter(line -> line.startsWith("model name"))
            .map(line -> line.substring(line.indexOf(':') + 1).strip())
            .findFirst()
            .orElse("unknown");
        System.out.printf(Locale.ROOT, "machine: %d cores (nproc), %s, load average %s%n",
                Runtime.getRuntime().availableProcessors(), model,
                Files.readString(Path.of("/proc/loadavg")).strip());
    }

    static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static double millis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000.0;
    }

    static double seconds(long startedNanos) {
        return millis(startedNanos) / 1000.0;
    }
}

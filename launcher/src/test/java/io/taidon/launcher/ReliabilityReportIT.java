package io.taidon.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reliability report (docs/RELIABILITY.md): attacks and bad inputs a careless learner or an attacker sends
 * through the public gateway of the real suite, each with what must hold, then one table of what was tried, refused
 * and seen: answers with status 500 (must be 0), requests without an answer (must be 0) and another learner's data
 * seen (must be 0). Run alone with {@code ./mvnw -B verify -pl launcher -Dit.test=ReliabilityReportIT -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ReliabilityReportIT {

    private static GatewayClient gateway;

    private static String alice;

    private static String bob;

    private final List<Row> rows = new ArrayList<>();

    private int answers;

    private int errors500;

    private int lost;

    private int leaks;

    /** One probe's line in the table. */
    private record Row(String kind, String probe, String expected, boolean held, String seen) {
    }

    @BeforeAll
    static void startSuite() {
        gateway = new GatewayClient(SharedSuite.get().gatewayUrl());
        alice = token();
        bob = token();
    }

    /**
     * @return a new anonymous learner's token; sign-ins are limited per address and the other end-to-end tests share
     *         this one, so a 429 is waited out as its {@code Retry-After} asks
     */
    private static String token() {
        GatewayClient.Answer[] answer = new GatewayClient.Answer[1];
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(90))
            .pollInterval(java.time.Duration.ofSeconds(2))
            .until(() -> {
                answer[0] = gateway.post("/api/auth/anonymous", null, null);
                return answer[0].status() != 429;
            });
        assertThat(answer[0].status()).as(answer[0].text()).isEqualTo(201);
        return answer[0].string("accessToken");
    }

    /** Sends one probe, counts what came back, and records whether {@code holds} of the answer. */
    private GatewayClient.Answer probe(String kind, String probe, String expected, Supplier<GatewayClient.Answer> send,
            Predicate<GatewayClient.Answer> holds) {
        GatewayClient.Answer answer;
        try {
            answer = send.get();
        }
        catch (IllegalStateException ex) {
            this.lost++;
            this.rows.add(new Row(kind, probe, expected, false, "no answer: " + ex.getMessage()));
            return null;
        }
        this.answers++;
        if (answer.status() >= 500 && answer.status() != 503 && answer.status() != 504) {
            this.errors500++;
        }
        boolean held = holds.test(answer);
        this.rows.add(new Row(kind, probe, expected, held, answer.status() + " " + summary(answer)));
        return answer;
    }

    private static String summary(GatewayClient.Answer answer) {
        String type = answer.body().path("type").asString();
        if (!type.isEmpty()) {
            return type.substring(type.lastIndexOf('/') + 1);
        }
        return answer.text().length() + " B";
    }

    private static boolean ok(GatewayClient.Answer answer) {
        return answer.status() == 200;
    }

    private static String statement(GatewayClient.Answer answer, int index, String pointer) {
        return answer.body().path("statements").path(index).at(pointer).asString();
    }

    @Test
    void shouldRefuseEveryAttackAndSurviveEveryBadInput() {
        learnerInputCannotExhaustTheRunner();
        anotherLearnersDataIsNotFound();
        clusterStateCannotCrossTheCache();
        limitsHoldWhateverTheLearnerSets();
        badInputIsA4xxProblem();
        tokensEndAtOnce();
        suiteStillAnswers();
        print();
        assertThat(this.rows).allSatisfy(row -> assertThat(row.held()).as(row.toString()).isTrue());
        assertThat(this.errors500).as("500s seen").isZero();
        assertThat(this.lost).as("requests lost").isZero();
        assertThat(this.leaks).as("cross-tenant leaks").isZero();
    }

    private void learnerInputCannotExhaustTheRunner() {
        probe("memory", "ten 2 MB values in one run", "200, answer < 17 MB, last results cut with a notice",
                () -> gateway.run(alice, "select repeat('z', 2000000);\n".repeat(10) + "select 'after';"),
                a -> ok(a) && a.text().length() < 17_000_000 && statement(a, 10, "/rows/0/0").equals("after")
                        && a.body().path("statements").path(9).path("truncated").asBoolean());
        probe("memory", "one 200 MB value", "200, truncated, no rows",
                () -> gateway.run(alice, "select repeat('z', 200000000);"),
                a -> ok(a) && a.body().path("statements").path(0).path("truncated").asBoolean()
                        && a.body().path("statements").path(0).path("rows").isEmpty());
        probe("memory", "1,001 rows of 300 kB", "200, truncated",
                () -> gateway.run(alice, "select g, repeat('z', 300000) from generate_series(1, 1001) g;"),
                a -> ok(a) && a.body().path("statements").path(0).path("truncated").asBoolean());
        probe("memory", "20,000 notices of 10 kB", "200, notices capped",
                () -> gateway.run(alice,
                        "do $$ begin for i in 1..20000 loop raise notice '%', repeat('n', 10000); end loop; end $$;"),
                a -> ok(a) && a.body().path("statements").path(0).path("notices").size() <= 1001);
        probe("memory", "an error message of 100 MB", "200, message shortened",
                () -> gateway.run(alice, "do $$ begin raise exception '%', repeat('e', 100000000); end $$;"),
                a -> ok(a) && statement(a, 0, "/error/message").length() < 10_000);
        probe("memory", "COPY of 200 MB to STDOUT", "200, truncated",
                () -> gateway.run(alice, "copy (select repeat('c', 100000) from generate_series(1, 2000)) to stdout;"),
                a -> ok(a) && a.body().path("statements").path(0).path("truncated").asBoolean());
        probe("run contract", "COPY (query) TO STDOUT", "its rows",
                () -> gateway.run(alice, "copy (select g from generate_series(1, 3) g) to stdout;"),
                a -> ok(a) && a.body().path("statements").path(0).path("rows").size() == 3);
    }

    private void anotherLearnersDataIsNotFound() {
        GatewayClient.Answer mine = probe("isolation", "alice's run creates her sandbox", "200",
                () -> gateway.run(alice, "create table secret (s text); insert into secret values ('alice');\n"
                        + "select s from secret;"),
                ReliabilityReportIT::ok);
        String sandboxId = mine == null ? "none" : mine.string("sandboxId");
        probe("isolation", "bob runs in alice's sandbox", "404",
                () -> gateway.post("/api/runs", bob, java.util.Map.of("sql", "select * from secret;", "sandboxId",
                        sandboxId)),
                a -> leakFree(a) && a.status() == 404);
        probe("isolation", "bob reads alice's sandbox", "404", () -> gateway.get("/api/sandboxes/" + sandboxId, bob),
                a -> leakFree(a) && a.status() == 404);
        probe("isolation", "bob's own run of the same script", "200, his own table",
                () -> gateway.run(bob, "select count(*) from pg_tables where tablename = 'secret';"),
                a -> leakFree(a) && ok(a) && a.body().path("statements").path(0).at("/rows/0/0").asLong() == 0);
    }

    /**
     * The reliability issue's two-learner reproduction: alice changes her role's settings, then runs a script whose
     * replay is slow enough to be captured as a chain snapshot; a new learner who runs the same script boots from that
     * snapshot and must see none of alice's settings.
     */
    private void clusterStateCannotCrossTheCache() {
        String carol = token();
        probe("isolation", "alice: alter role learner set transform_null_equals / search_path", "200",
                () -> gateway.run(carol, "alter role learner set transform_null_equals = on;\n"
                        + "alter role learner set search_path = '';\nselect 1;"),
                ReliabilityReportIT::ok);
        String course = "create table course (id int);\ninsert into course select generate_series(1, 1000);\n"
                + "select pg_sleep(0.8);\n";
        probe("isolation", "alice runs a slow course script (captured as a chain snapshot)", "200",
                () -> gateway.run(carol, course + "select count(*) from course;"), ReliabilityReportIT::ok);
        // a new learner per attempt: only a new sandbox boots from the chain snapshot (the capture is in the background)
        GatewayClient.Answer[] booted = new GatewayClient.Answer[1];
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofMinutes(2))
            // sign-ins are limited per address: a few attempts, far apart
            .pollInterval(java.time.Duration.ofSeconds(10))
            .until(() -> {
                GatewayClient.Answer answer = gateway.run(token(), course + "select null = null, current_setting('search_path');");
                booted[0] = answer;
                return answer.status() == 200 && answer.body().at("/cache/hitDepth").asInt() >= 3;
            });
        probe("isolation", "a new learner boots from that chain snapshot", "null = null is null, search_path default",
                () -> booted[0],
                a -> leakFree(a) && ok(a) && a.body().at("/cache/hitDepth").asInt() >= 3
                        && a.body().path("statements").path(3).at("/rows/0/0").isNull()
                        && statement(a, 3, "/rows/0/1").contains("public"));
        probe("isolation", "alice: alter role learner password", "200",
                () -> gateway.run(carol, "alter role learner password 'mine now';\nselect 1;"),
                ReliabilityReportIT::ok);
        probe("isolation", "alice's next runs after the password change", "200",
                () -> gateway.run(carol, "select 2;"), a -> ok(a) && statement(a, 0, "/status").equals("ok"));
        probe("isolation", "alice: alter role learner reset all, then a new script", "role timeouts back",
                () -> gateway.run(carol, "alter role learner reset all;\nselect 3;"), ReliabilityReportIT::ok);
        probe("isolation", "alice's statement_timeout in a new session", "not 0",
                () -> gateway.run(carol, "create table fresh (a int);\nshow statement_timeout;"),
                a -> ok(a) && !statement(a, 1, "/rows/0/0").equals("0"));
    }

    private void limitsHoldWhateverTheLearnerSets() {
        probe("limits", "anonymous pg_sleep(15) against its 10 s statement quota", "57014 within the quota",
                () -> gateway.run(bob, "set statement_timeout = 0;\nselect pg_sleep(15);\nselect 'next';"),
                a -> ok(a) && statement(a, 1, "/error/sqlState").equals("57014")
                        && statement(a, 2, "/rows/0/0").equals("next"));
    }

    private void badInputIsA4xxProblem() {
        java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
        for (int i = 0; i < 5; i++) {
            String header = base64.encodeToString(("{\"alg\":\"ES256\",\"kid\":\"unknown-" + i + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String forged = header + ".eyJzdWIiOiJ1X2Fub25feCJ9." + base64.encodeToString(new byte[64]);
            probe("tokens", "a token with unknown kid " + (i + 1) + " of a burst of 5", "401 problem",
                    () -> gateway.get("/api/me", forged), a -> a.status() == 401 && problem(a));
        }
        probe("bad input", "NUL in /api/audit/events?actor=", "400 problem",
                () -> gateway.get("/api/audit/events?actor=%00", alice), a -> a.status() == 400 && problem(a));
        probe("bad input", "a 100,000-character login email", "400 problem",
                () -> gateway.post("/api/auth/login", null,
                        java.util.Map.of("email", "a".repeat(100_000) + "@example.test", "password", "whatever it is")),
                a -> a.status() == 400 && problem(a));
        probe("bad input", "GET /error", "4xx problem", () -> gateway.get("/error", alice),
                a -> a.status() >= 400 && a.status() < 500 && problem(a));
        probe("bad input", "a run that is not JSON", "400 problem",
                () -> gateway.send("POST", "/api/runs", alice, "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        java.time.Duration.ofSeconds(30)),
                a -> a.status() == 400 && problem(a));
        probe("bad input", "a script with a NUL byte", "400 problem", () -> gateway.post("/api/runs", alice,
                java.util.Map.of("sql", "select 1;\u0000")), a -> a.status() == 400 && problem(a));
        probe("bad input", "a 64 kB header", "431 or 400 problem", this::oversizedHeader,
                a -> (a.status() == 431 || a.status() == 400) && problem(a));
    }

    private GatewayClient.Answer oversizedHeader() {
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(SharedSuite.get().gatewayUrl() + "/api/me"))
                    .header("X-Padding", "p".repeat(64 * 1024))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            tools.jackson.databind.JsonNode body;
            try {
                body = tools.jackson.databind.json.JsonMapper.builder().build().readTree(response.body());
            }
            catch (RuntimeException ex) {
                body = tools.jackson.databind.json.JsonMapper.builder().build().missingNode();
            }
            return new GatewayClient.Answer(response.statusCode(), type, body, response.body());
        }
        catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static boolean problem(GatewayClient.Answer answer) {
        return answer.contentType().startsWith("application/problem+json") && !answer.string("type").isEmpty();
    }

    private void tokensEndAtOnce() {
        String dave = token();
        probe("tokens", "erase my data (DELETE /api/me)", "204", () -> gateway.delete("/api/me", dave),
                a -> a.status() == 204);
        probe("tokens", "the erased user's token on GET /api/me", "401", () -> gateway.get("/api/me", dave),
                a -> a.status() == 401);
        probe("tokens", "the erased user's token on POST /api/sandboxes", "401",
                () -> gateway.post("/api/sandboxes", dave, java.util.Map.of()), a -> a.status() == 401);
    }

    /** @return false (and counts a leak) when the answer shows alice's data */
    private boolean leakFree(GatewayClient.Answer answer) {
        if (answer.text().contains("\"alice\"")) {
            this.leaks++;
            return false;
        }
        return true;
    }

    private void suiteStillAnswers() {
        probe("liveness", "a small run after all of the above", "200",
                () -> gateway.run(alice, "select 1;"), ReliabilityReportIT::ok);
        probe("liveness", "GET /api/me", "200", () -> gateway.get("/api/me", bob), ReliabilityReportIT::ok);
    }

    private void print() {
        StringBuilder table = new StringBuilder("\nReliability report\n\n| kind | probe | must hold | held | seen |\n"
                + "|---|---|---|---|---|\n");
        for (Row row : this.rows) {
            table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", row.kind(), row.probe(),
                    row.expected(), row.held() ? "yes" : "NO", row.seen()));
        }
        long held = this.rows.stream().filter(Row::held).count();
        table.append(String.format(Locale.ROOT,
                "%nprobes %d, held %d; answers %d; 500s %d; requests lost %d; cross-tenant leaks %d%n",
                this.rows.size(), held, this.answers, this.errors500, this.lost, this.leaks));
        System.out.println(table);
    }
}

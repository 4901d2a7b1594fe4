package io.taidon.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL projects end to end on the real suite, through the gateway: a learner creates a project, puts files, runs
 * {@code all} through the real sql-runner (one expectation fails, one passes, a bench statement is measured), runs
 * the tests again hot from the cache, pushes to and pulls from a bare Git repository on disk (the launcher's
 * vcs-sync allows file remotes only when the test asks, as an operator would), and another user gets 404.
 */
class ProjectsIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path temp;

    @Test
    void shouldRunTestsAndBenchThenPushAndPullAndHideTheProjectFromOthers() throws Exception {
        String gateway = SharedSuite.get().gatewayUrl();
        String learner = anonymous(gateway);
        String stranger = anonymous(gateway);

        JsonNode project = send(gateway, "POST", "/api/projects", learner, "{\"name\":\"library\"}", 201);
        String id = project.get("id").asString();
        String base = "/api/projects/" + id + "/files/";
        put(gateway, base + "init/001_schema.sql", learner, "create table book (id int primary key, title text);\n");
        put(gateway, base + "seed/001_books.sql", learner,
                "insert into book values (1, 'Solaris'), (2, 'Ubik');\n");
        put(gateway, base + "test/001_pass.sql", learner, """
                -- expect:
                --  id | title
                -- ----+---------
                --   1 | Solaris
                --   2 | Ubik
                select id, title from book order by id;
                """);
        put(gateway, base + "test/002_fail.sql", learner, """
                -- expect: rows 3
                select * from book;
                """);
        put(gateway, base + "bench/001_lookup.sql", learner, "select title from book where id = 2;\n");

        JsonNode report = send(gateway, "POST", "/api/projects/" + id + "/runs", learner,
                "{\"target\":\"all\",\"repeat\":3}", 200);
        assertThat(report.get("passed").asBoolean()).as(report.toString()).isFalse();
        assertThat(report.get("summary").get("passedTests").asInt()).isEqualTo(1);
        assertThat(report.get("summary").get("failedTests").asInt()).isEqualTo(1);
        Map<String, JsonNode> files = new java.util.HashMap<>();
        report.get("files").forEach(file -> files.put(file.get("path").asString(), file));
        assertThat(files.get("init/001_schema.sql").get("status").asString()).isEqualTo("ok");
        assertThat(files.get("test/001_pass.sql").get("status").asString()).isEqualTo("passed");
        JsonNode failed = files.get("test/002_fail.sql");
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("statements").get(0).get("expectation").get("message").asString())
            .isEqualTo("expected 3 rows, got 2");
        JsonNode bench = files.get("bench/001_lookup.sql").get("statements").get(0).get("bench");
        assertThat(bench.get("repeat").asInt()).isEqualTo(3);
        assertThat(bench.get("samplesMs")).hasSize(3);
        assertThat(bench.get("p95Ms").asLong()).isGreaterThanOrEqualTo(bench.get("p50Ms").asLong());

        // the tests again: init and seed come from the cache now
        JsonNode hot = send(gateway, "POST", "/api/projects/" + id + "/runs", learner, "{\"target\":\"test\"}", 200);
        JsonNode seedStatement = hot.get("files").get(1).get("statements").get(0);
        assertThat(seedStatement.get("source").asString()).as(hot.toString()).isEqualTo("cache");

        Path bare = this.temp.resolve("library.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        send(gateway, "PUT", "/api/projects/" + id + "/remote", learner,
                "{\"url\":\"" + bare.toUri() + "\",\"branch\":\"main\"}", 200);
        assertThat(send(gateway, "POST", "/api/projects/" + id + "/push", learner, "{}", 200).get("status").asString())
            .isEqualTo("pushed");
        Path clone = this.temp.resolve("clone");
        try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(clone.toFile()).call()) {
            assertThat(Files.readString(clone.resolve("seed/001_books.sql"))).contains("Ubik");
            Files.writeString(clone.resolve("test/002_fail.sql"), "-- expect: rows 2\nselect * from book;\n");
            git.commit().setAll(true).setMessage("fix the test").setAuthor("dev", "dev@example.org").call();
            git.push().call();
        }
        assertThat(send(gateway, "POST", "/api/projects/" + id + "/pull", learner, "{}", 200).get("status").asString())
            .isEqualTo("fast-forward");
        JsonNode fixed = send(gateway, "POST", "/api/projects/" + id + "/runs", learner, "{\"target\":\"test\"}", 200);
        assertThat(fixed.get("passed").asBoolean()).as(fixed.toString()).isTrue();

        for (String path : new String[] { "", "/tree", "/files/init/001_schema.sql", "/status" }) {
            HttpResponse<String> hidden = request(gateway, "GET", "/api/projects/" + id + path, stranger, null, null);
            assertThat(hidden.statusCode()).as(path).isEqualTo(404);
            assertThat(hidden.body()).contains("https://taidon.io/problems/not-found");
        }
        // a well-formed run request (a JSON body without its Content-Type is refused with 415 before any lookup)
        assertThat(request(gateway, "POST", "/api/projects/" + id + "/runs", stranger, "{\"target\":\"all\"}",
                "application/json").statusCode()).isEqualTo(404);
    }

    private static String anonymous(String gateway) throws Exception {
        return send(gateway, "POST", "/api/auth/anonymous", null, null, 201).get("accessToken").asString();
    }

    private static void put(String gateway, String path, String token, String content) throws Exception {
        HttpResponse<String> answer = request(gateway, "PUT", path, token, content, "application/sql");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }

    private static JsonNode send(String gateway, String method, String path, String token, String json, int status)
            throws Exception {
        HttpResponse<String> answer = request(gateway, method, path, token, json, "application/json");
        assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isEqualTo(status);
        return JSON.readTree(answer.body());
    }

    private static HttpResponse<String> request(String gateway, String method, String path, String token, String body,
            String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path))
            .timeout(Duration.ofSeconds(120))
            .header("X-Request-Id", UUID.randomUUID().toString())
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

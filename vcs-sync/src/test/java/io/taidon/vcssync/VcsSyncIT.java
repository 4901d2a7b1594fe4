package io.taidon.vcssync;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.taidon.platform.test.TestControlPlane;
import io.taidon.platform.test.TestTokenIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * vcs-sync on a random port with its real schema in the control-plane PostgreSQL and real Git repositories (bare
 * repositories on disk, reached through JGit's file transport, which the test allows as an operator would):
 * projects and files with ETags, limits, another user's 404, zip export, credentials (encrypted, never returned),
 * push, pull (fast-forward and merge with a conflict), SSRF refusals, erasure.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VcsSyncIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path temp;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestControlPlane.register(registry, "vcs");
        TestTokenIssuer.register(registry);
        registry.add("taidon.vcs-sync.git.allow-file-remotes", () -> "true");
        registry.add("taidon.vcs-sync.credentials.keyset-file", () -> temp.resolve("keys/credentials.json").toString());
        registry.add("taidon.vcs-sync.limits.anonymous.max-files", () -> "4");
        registry.add("taidon.vcs-sync.limits.anonymous.max-file-size", () -> "1KB");
    }

    @LocalServerPort
    private int port;

    @Autowired
    private RestClient.Builder builder;

    @Autowired
    private JdbcTemplate jdbc;

    @BeforeAll
    static void keysetDirectory() throws IOException {
        Files.createDirectories(temp.resolve("keys"));
    }

    @Test
    void shouldKeepFilesWithETagsAndRefuseStaleWrites() {
        String alice = token("u_anon_alice" + System.nanoTime(), "anonymous");
        String id = createProject(alice, "{\"name\":\"shop\"}");

        ResponseEntity<String> created = put(alice, id, "init/001_schema.sql", "create table t (id int);\n", null);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String etag = created.getHeaders().getETag();
        assertThat(etag).startsWith("\"").hasSize(66);

        ResponseEntity<String> withoutIfMatch = put(alice, id, "init/001_schema.sql", "drop table t;\n", null);
        assertThat(withoutIfMatch.getStatusCode()).isEqualTo(HttpStatus.PRECONDITION_REQUIRED);
        assertThat(withoutIfMatch.getBody()).contains("if-match-required");
        ResponseEntity<String> updated = put(alice, id, "init/001_schema.sql", "create table t (id bigint);\n", etag);
        assertThat(updated.getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<String> stale = put(alice, id, "init/001_schema.sql", "lost update;\n", etag);
        assertThat(stale.getStatusCode()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
        assertThat(stale.getBody()).contains("https://taidon.io/problems/etag-mismatch");

        ResponseEntity<String> read = call(alice, HttpMethod.GET, "/api/projects/" + id + "/files/init/001_schema.sql", null);
        assertThat(read.getBody()).isEqualTo("create table t (id bigint);\n");
        assertThat(read.getHeaders().getETag()).isEqualTo(updated.getHeaders().getETag());
        JsonNode tree = json(call(alice, HttpMethod.GET, "/api/projects/" + id + "/tree", null));
        assertThat(tree.get("fileCount").asInt()).isEqualTo(1);
        assertThat(tree.get("files").get(0).get("folder").asString()).isEqualTo("init");

        ResponseEntity<String> deleteStale = call(alice, HttpMethod.DELETE, "/api/projects/" + id + "/files/init/001_schema.sql",
                null, HttpHeaders.IF_MATCH, etag);
        assertThat(deleteStale.getStatusCode()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
        ResponseEntity<String> delete = call(alice, HttpMethod.DELETE, "/api/projects/" + id + "/files/init/001_schema.sql",
                null, HttpHeaders.IF_MATCH, updated.getHeaders().getETag());
        assertThat(delete.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    }

    @Test
    void shouldAnswerBadInputWithProblemDetailsNever500() {
        String bob = token("u_anon_bob" + System.nanoTime(), "anonymous");
        String id = createProject(bob, "{\"name\":\"limits\"}");

        assertProblem(put(bob, id, "init/a:b.sql", "x", null), HttpStatus.BAD_REQUEST, "invalid-path");
        assertThat(put(bob, id, "init/a\\b.sql", "x", null).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertProblem(put(bob, id, "init/.git/config", "x", null), HttpStatus.BAD_REQUEST, "invalid-path");
        assertProblem(put(bob, id, "init/e\u0301.sql", "x", null), HttpStatus.BAD_REQUEST, "invalid-path");
        assertThat(put(bob, id, "init/../x.sql", "x", null).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        ResponseEntity<String> notUtf8 = call(bob, HttpMethod.PUT, "/api/projects/" + id + "/files/init/bin.sql",
                new byte[] { (byte) 0xc3, (byte) 0x28 });
        assertProblem(notUtf8, HttpStatus.BAD_REQUEST, "invalid-content");
        assertProblem(put(bob, id, "init/big.sql", "x".repeat(1025), null), HttpStatus.CONTENT_TOO_LARGE, "file-too-large");
        for (int i = 0; i < 4; i++) {
            assertThat(put(bob, id, "seed/" + i + ".sql", "select 1;\n", null).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        }
        assertProblem(put(bob, id, "seed/5.sql", "select 1;\n", null), HttpStatus.FORBIDDEN, "quota-exceeded");
        assertProblem(call(bob, HttpMethod.POST, "/api/projects", "{\"name\":\"\"}"), HttpStatus.BAD_REQUEST, "invalid-name");
        assertProblem(call(bob, HttpMethod.POST, "/api/projects", "{\"name\":\"x\",\"templateId\":\"nope\"}"),
                HttpStatus.BAD_REQUEST, "unknown-template");
        assertProblem(call(bob, HttpMethod.POST, "/api/projects", "not json"), HttpStatus.BAD_REQUEST, "bad-request");
        assertProblem(call(bob, HttpMethod.POST, "/api/projects/" + id + "/runs", "{\"target\":\"everything\"}"),
                HttpStatus.BAD_REQUEST, "invalid-target");
        assertProblem(call(bob, HttpMethod.GET, "/api/projects/" + id + "/files/seed/none.sql", null),
                HttpStatus.NOT_FOUND, "not-found");
    }

    @Test
    void shouldAnswer404ForAnotherUsersProjectAndCredential() {
        String owner = token("u_local_owner" + System.nanoTime(), "learner");
        String other = token("u_local_other" + System.nanoTime(), "learner");
        String id = createProject(owner, "{\"name\":\"mine\",\"templateId\":\"starter\"}");
        String credential = json(call(owner, HttpMethod.POST, "/api/credentials",
                "{\"name\":\"gh\",\"kind\":\"https-token\",\"secret\":\"ghp_secret\"}")).get("id").asString();

        for (String path : new String[] { "", "/tree", "/files/README.md", "/export", "/status" }) {
            assertProblem(call(other, HttpMethod.GET, "/api/projects/" + id + path, null), HttpStatus.NOT_FOUND, "not-found");
        }
        assertProblem(put(other, id, "init/x.sql", "select 1;", null), HttpStatus.NOT_FOUND, "not-found");
        assertProblem(call(other, HttpMethod.DELETE, "/api/projects/" + id, null), HttpStatus.NOT_FOUND, "not-found");
        assertProblem(call(other, HttpMethod.DELETE, "/api/credentials/" + credential, null), HttpStatus.NOT_FOUND, "not-found");
        String others = createProject(other, "{\"name\":\"theirs\"}");
        assertProblem(call(other, HttpMethod.PUT, "/api/projects/" + others + "/remote",
                "{\"url\":\"" + temp.toUri() + "\",\"credentialId\":\"" + credential + "\"}"), HttpStatus.NOT_FOUND, "not-found");
        assertThat(json(call(other, HttpMethod.GET, "/api/projects", null))).hasSize(1);
    }

    @Test
    void shouldExportTheTreeAsAZip() throws IOException {
        String carol = token("u_local_carol" + System.nanoTime(), "learner");
        String id = createProject(carol, "{\"name\":\"starter kit\",\"templateId\":\"starter\"}");

        ResponseEntity<byte[]> zip = client().get().uri("/api/projects/" + id + "/export")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + carol)
            .retrieve().toEntity(byte[].class);

        assertThat(zip.getHeaders().getContentType().toString()).isEqualTo("application/zip");
        assertThat(zip.getHeaders().getContentDisposition().getFilename()).isEqualTo("starter_kit.zip");
        Map<String, String> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.getBody()))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(entries).containsKeys("README.md", "init/001_schema.sql", "seed/001_data.sql",
                "test/001_books_per_author.sql", "bench/001_titles.sql");
        assertThat(entries.get("seed/001_data.sql")).contains("Stanisław");
    }

    @Test
    void shouldStoreCredentialsEncryptedAndNeverReturnThem() {
        String userId = "u_anon_dave" + System.nanoTime();
        String dave = token(userId, "anonymous");
        ResponseEntity<String> created = call(dave, HttpMethod.POST, "/api/credentials",
                "{\"name\":\"forge\",\"kind\":\"https-token\",\"username\":\"dave\",\"secret\":\"tok-s3cr3t-value\"}");

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getBody()).doesNotContain("tok-s3cr3t-value");
        assertThat(call(dave, HttpMethod.GET, "/api/credentials", null).getBody()).contains("forge")
            .doesNotContain("tok-s3cr3t-value");
        byte[] stored = this.jdbc.queryForObject("select ciphertext from git_credential where user_id = ?", byte[].class,
                userId);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("tok-s3cr3t").doesNotContain("dave");
        assertThat(stored.length).isGreaterThan("dave\0tok-s3cr3t-value".length() + 28);
        assertProblem(call(dave, HttpMethod.POST, "/api/credentials", "{\"name\":\"k\",\"kind\":\"ssh-key\",\"secret\":\"x\"}"),
                HttpStatus.BAD_REQUEST, "unsupported-credential-kind");
    }

    @Test
    void shouldRefuseInternalAndNonHttpsRemotesWithoutSendingTraffic() {
        String erin = token("u_anon_erin" + System.nanoTime(), "anonymous");
        String id = createProject(erin, "{\"name\":\"ssrf\"}");
        String[] refused = { "https://127.0.0.1/repo.git", "https://[::1]/repo.git", "https://169.254.169.254/latest",
            "https://10.0.0.7/r.git", "https://192.168.1.1/r.git", "https://172.16.0.1/r.git", "https://100.64.0.1/r",
            "https://[fd00::1]/r.git", "https://[::ffff:127.0.0.1]/r.git", "https://0.0.0.0/r.git", "http://203.0.113.9/r.git",
            "git://203.0.113.9/r.git", "ssh://git@203.0.113.9/r.git", "git@203.0.113.9:org/r.git", "https://localhost/r.git" };
        for (String url : refused) {
            ResponseEntity<String> answer = call(erin, HttpMethod.PUT, "/api/projects/" + id + "/remote",
                    "{\"url\":\"" + url + "\"}");
            assertThat(answer.getStatusCode()).as(url).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(answer.getBody()).as(url).contains("remote-refused");
        }
        assertProblem(call(erin, HttpMethod.PUT, "/api/projects/" + id + "/remote",
                "{\"url\":\"https://user:pw@203.0.113.9/r.git\"}"), HttpStatus.BAD_REQUEST, "invalid-remote");
        assertProblem(call(erin, HttpMethod.PUT, "/api/projects/" + id + "/remote",
                "{\"url\":\"https://203.0.113.9/r.git\",\"branch\":\"bad..name\"}"), HttpStatus.BAD_REQUEST, "invalid-branch");
        assertProblem(call(erin, HttpMethod.POST, "/api/projects/" + id + "/push", null), HttpStatus.CONFLICT, "no-remote");
    }

    @Test
    void shouldPushPullFastForwardAndMergeWithConflicts() throws Exception {
        String frank = token("u_local_frank" + System.nanoTime(), "learner");
        Path bare = temp.resolve("frank.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        String id = createProject(frank, "{\"name\":\"synced\",\"templateId\":\"starter\"}");
        JsonNode remote = json(call(frank, HttpMethod.PUT, "/api/projects/" + id + "/remote",
                "{\"url\":\"" + bare.toUri() + "\",\"branch\":\"main\"}"));
        assertThat(remote.get("remote").get("branch").asString()).isEqualTo("main");

        JsonNode pushed = json(call(frank, HttpMethod.POST, "/api/projects/" + id + "/push", "{\"message\":\"first\"}"));
        assertThat(pushed.get("status").asString()).isEqualTo("pushed");
        Path clone = temp.resolve("frank-clone");
        try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(clone.toFile()).call()) {
            assertThat(git.log().call().iterator().next().getName()).isEqualTo(pushed.get("commit").asString());
            assertThat(Files.readString(clone.resolve("seed/001_data.sql"))).contains("Solaris");
            // another developer changes the test and the bench file on the remote
            Files.writeString(clone.resolve("bench/001_titles.sql"), "select count(*) from book;\n");
            Files.writeString(clone.resolve("test/001_books_per_author.sql"), "-- remote edit\nselect 1;\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("remote edit").setAuthor("dev", "dev@example.org").call();
            git.push().call();

            JsonNode status = json(call(frank, HttpMethod.GET, "/api/projects/" + id + "/status", null));
            assertThat(status.get("behind").asInt()).isEqualTo(1);
            assertThat(status.get("ahead").asInt()).isZero();
            JsonNode fastForward = json(call(frank, HttpMethod.POST, "/api/projects/" + id + "/pull", null));
            assertThat(fastForward.get("status").asString()).isEqualTo("fast-forward");
            assertThat(call(frank, HttpMethod.GET, "/api/projects/" + id + "/files/bench/001_titles.sql", null).getBody())
                .isEqualTo("select count(*) from book;\n");

            // both sides change the test file: a pull needs an explicit merge, which reports the conflict
            Files.writeString(clone.resolve("test/001_books_per_author.sql"), "-- remote edit\nselect 2;\n");
            git.pull().call();
            git.commit().setAll(true).setMessage("second remote edit").setAuthor("dev", "dev@example.org").call();
            git.push().call();
            String etag = call(frank, HttpMethod.GET, "/api/projects/" + id + "/files/test/001_books_per_author.sql", null)
                .getHeaders().getETag();
            put(frank, id, "test/001_books_per_author.sql", "-- remote edit\nselect 3;\n", etag);
            put(frank, id, "test/002_more.sql", "select 4;\n", null);

            assertProblem(call(frank, HttpMethod.POST, "/api/projects/" + id + "/push", null), HttpStatus.CONFLICT,
                    "remote-ahead");
            JsonNode conflicted = json(call(frank, HttpMethod.GET, "/api/projects/" + id + "/status", null));
            assertThat(conflicted.get("conflicts").get(0).asString()).isEqualTo("test/001_books_per_author.sql");
            assertProblem(call(frank, HttpMethod.POST, "/api/projects/" + id + "/pull", null), HttpStatus.CONFLICT,
                    "pull-needs-merge");
            JsonNode merged = json(call(frank, HttpMethod.POST, "/api/projects/" + id + "/pull", "{\"merge\":true}"));
            assertThat(merged.get("status").asString()).isEqualTo("merged");
            assertThat(merged.get("conflicts").get(0).get("path").asString()).isEqualTo("test/001_books_per_author.sql");
            String markers = call(frank, HttpMethod.GET, "/api/projects/" + id + "/files/test/001_books_per_author.sql",
                    null).getBody();
            assertThat(markers).contains("<<<<<<< platform", "select 3;", "=======", "select 2;", ">>>>>>> remote");

            JsonNode second = json(call(frank, HttpMethod.POST, "/api/projects/" + id + "/push", null));
            assertThat(second.get("status").asString()).isEqualTo("pushed");
            git.pull().call();
            assertThat(Files.readString(clone.resolve("test/002_more.sql"))).isEqualTo("select 4;\n");
            assertThat(git.log().call().iterator().next().getParentCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldEraseProjectsFilesAndCredentials() {
        String userId = "u_local_gone" + System.nanoTime();
        String gone = token(userId, "learner");
        createProject(gone, "{\"name\":\"a\",\"templateId\":\"starter\"}");
        call(gone, HttpMethod.POST, "/api/credentials", "{\"name\":\"c\",\"kind\":\"https-token\",\"secret\":\"s\"}");

        ResponseEntity<String> erased = client().delete().uri("/internal/users/{userId}", userId)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokenIssuer.get().serviceToken("user-profile"))
            .retrieve().onStatus(s -> true, (req, res) -> { }).toEntity(String.class);

        assertThat(erased.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(this.jdbc.queryForObject("select count(*) from project where user_id = ?", Long.class, userId)).isZero();
        assertThat(this.jdbc.queryForObject("select count(*) from project_file f join project p on p.id = f.project_id"
                + " where p.user_id = ?", Long.class, userId)).isZero();
        assertThat(this.jdbc.queryForObject("select count(*) from git_credential where user_id = ?", Long.class, userId))
            .isZero();
    }

    private String createProject(String token, String body) {
        ResponseEntity<String> created = call(token, HttpMethod.POST, "/api/projects", body);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
        return json(created).get("id").asString();
    }

    private ResponseEntity<String> put(String token, String project, String path, String content, String ifMatch) {
        return ifMatch == null
                ? call(token, HttpMethod.PUT, "/api/projects/" + project + "/files/" + path,
                        content.getBytes(StandardCharsets.UTF_8))
                : call(token, HttpMethod.PUT, "/api/projects/" + project + "/files/" + path,
                        content.getBytes(StandardCharsets.UTF_8), HttpHeaders.IF_MATCH, ifMatch);
    }

    private ResponseEntity<String> call(String token, HttpMethod method, String uri, Object body, String... headers) {
        RestClient.RequestBodySpec request = client().method(method).uri(uri)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        if (body instanceof String text) {
            request.contentType(MediaType.APPLICATION_JSON).body(text);
        }
        else if (body instanceof byte[] bytes) {
            request.contentType(MediaType.parseMediaType("application/sql")).body(bytes);
        }
        return request.retrieve().onStatus(s -> true, (req, res) -> { }).toEntity(String.class);
    }

    private static void assertProblem(ResponseEntity<String> answer, HttpStatus status, String kind) {
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(status);
        assertThat(answer.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(answer.getBody()).contains("https://taidon.io/problems/" + kind);
    }

    private static JsonNode json(ResponseEntity<String> answer) {
        assertThat(answer.getStatusCode().is2xxSuccessful()).as(answer.getBody()).isTrue();
        return JSON.readTree(answer.getBody());
    }

    private RestClient client() {
        return this.builder.clone().baseUrl("http://127.0.0.1:" + this.port).build();
    }

    private static String token(String userId, String role) {
        return TestTokenIssuer.get().token(userId, role);
    }
}

package io.taidon.sqlrunner.script;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The splitter against psql 18's own lexer (psqlscan.l) on tricky statement boundaries: every script under
 * {@code src/test/resources/splitter-oracle/} runs through {@code psql -X -L} in the {@code taidon/sandbox:18} image
 * against a throw-away server in the same container (no network), and the queries psql's log shows it sent
 * ({@code ********* QUERY **********} blocks) are the expected statements: same number, same text once leading
 * {@code --} comments and surrounding whitespace are set aside (psql drops a leading line comment from the query it
 * sends). Meta-commands are sent by neither; psql sends an empty query ({@code ;} alone) that the runner does not
 * send, which changes nothing (the server answers EmptyQueryResponse), so those are set aside too. Needs a Docker engine with that image;
 * without one the test is skipped, unless {@code TAIDON_REQUIRE_DOCKER=true} (CI), where it fails.
 */
class ScriptSplitterOracleIT {

    private static final Path SCRIPTS = Paths.get("src/test/resources/splitter-oracle");

    private static final String IMAGE = "taidon/sandbox:18";

    private static final Pattern QUERY = Pattern.compile(
            "/\\*{8} QUERY \\*{9}/\\n(.*?)\\n/\\*{24}/\\n", Pattern.DOTALL);

    /** In the container: a server, then psql on each script (separated by {@code @@@ name} lines) with its log. */
    private static final String RUN_ALL = """
            set -e
            B=/usr/lib/postgresql/18/bin
            $B/initdb -D /tmp/pg -U postgres --auth=trust >/dev/null
            $B/pg_ctl -D /tmp/pg -o "-c listen_addresses='' -k /tmp" -w -s start >/dev/null
            mkdir /tmp/s
            awk '/^@@@ /{f="/tmp/s/"$2; next} {print > f}'
            for f in /tmp/s/*; do
              n=$(basename "$f")
              $B/createdb -h /tmp -U postgres "db_$n" 2>/dev/null || $B/createdb -h /tmp -U postgres "db$RANDOM"
              $B/psql -X -q -h /tmp -U postgres -d "db_$n" -L "$f.log" -o /dev/null -f "$f" >/dev/null 2>&1 || true
              echo "@@@ $n"
              cat "$f.log" 2>/dev/null || true
            done
            """;

    private static Map<String, List<String>> sent;

    @BeforeAll
    static void runPsql() throws Exception {
        boolean required = "true".equals(System.getenv("TAIDON_REQUIRE_DOCKER"));
        if (!dockerHasImage()) {
            assertThat(required).as("TAIDON_REQUIRE_DOCKER=true but no Docker engine with " + IMAGE).isFalse();
            Assumptions.abort("no Docker engine with " + IMAGE);
        }
        StringBuilder input = new StringBuilder();
        for (Path script : scripts().toList()) {
            input.append("@@@ ").append(script.getFileName()).append('\n').append(read(script));
        }
        Process docker = new ProcessBuilder("docker", "run", "--rm", "-i", "--network", "none", "--entrypoint", "sh",
                IMAGE, "-c", RUN_ALL).redirectErrorStream(true).start();
        try (OutputStream stdin = docker.getOutputStream()) {
            stdin.write(input.toString().getBytes(StandardCharsets.UTF_8));
        }
        String output;
        try (InputStream stdout = docker.getInputStream()) {
            output = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(docker.waitFor(120, TimeUnit.SECONDS)).isTrue();
        sent = new LinkedHashMap<>();
        String[] sections = output.split("(?m)^@@@ ");
        for (int i = 1; i < sections.length; i++) {
            int newline = sections[i].indexOf('\n');
            String name = sections[i].substring(0, newline);
            List<String> queries = new ArrayList<>();
            Matcher matcher = QUERY.matcher(sections[i].substring(newline + 1));
            while (matcher.find()) {
                String query = normalized(matcher.group(1));
                // an empty query (";" alone) answers EmptyQueryResponse and changes nothing: the runner sends none
                if (!query.equals(";")) {
                    queries.add(query);
                }
            }
            sent.put(name, queries);
        }
    }

    static Stream<Path> scripts() throws IOException {
        return Files.list(SCRIPTS).filter(p -> p.toString().endsWith(".sql")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void shouldSplitAsPsqlDoes(Path script) throws IOException {
        List<String> expected = sent.get(script.getFileName().toString());
        assertThat(expected).as("psql's log of " + script.getFileName()).isNotNull().isNotEmpty();
        List<String> actual = ScriptSplitter.split(read(script))
            .stream()
            .filter(s -> s.kind() != StatementKind.META && s.kind() != StatementKind.EMPTY)
            .map(s -> normalized(s.sql()))
            .toList();
        assertThat(actual).isEqualTo(expected);
    }

    private static String read(Path script) throws IOException {
        String text = Files.readString(script, StandardCharsets.UTF_8);
        return text.endsWith("\n") ? text : text + "\n";
    }

    /** @return the statement without leading whitespace and {@code --} comment lines, and trailing whitespace */
    static String normalized(String statement) {
        String text = statement.strip();
        while (text.startsWith("--")) {
            int newline = text.indexOf('\n');
            text = newline < 0 ? "" : text.substring(newline + 1).strip();
        }
        return text;
    }

    private static boolean dockerHasImage() {
        try {
            Process inspect = new ProcessBuilder("docker", "image", "inspect", IMAGE).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
            return inspect.waitFor(30, TimeUnit.SECONDS) && inspect.exitValue() == 0;
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

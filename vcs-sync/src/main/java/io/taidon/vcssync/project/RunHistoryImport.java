package io.taidon.vcssync.project;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.SequencedSet;

import org.springframework.stereotype.Component;

import io.taidon.vcssync.client.sqlrunner.SqlRunnerClient;

/**
 * Turns a sandbox's run history (the scripts sql-runner stores with its runs, DESIGN.md "Runs as resources") into a
 * project tree: the newest script is the state the learner built, so it becomes {@code init/001_from_sandbox.sql};
 * each earlier distinct script is kept, oldest first, as {@code history/NNN_<run id>.sql}, which no run executes.
 * Runs whose script sql-runner did not keep (over its size cap) are skipped.
 */
@Component
class RunHistoryImport {

    /** Runs of the history read. */
    static final int MAX_RUNS = 100;

    private final SqlRunnerClient sqlRunner;

    RunHistoryImport(SqlRunnerClient sqlRunner) {
        this.sqlRunner = sqlRunner;
    }

    /**
     * @param sandboxId the caller's sandbox
     * @param maxFiles most files the tree may have
     * @return the tree, in path order
     */
    SequencedMap<String, String> tree(String sandboxId, int maxFiles) {
        SequencedSet<String> scripts = new LinkedHashSet<>();
        List<String> runIds = new ArrayList<>();
        for (SqlRunnerClient.HistoryItem item : this.sqlRunner.history(sandboxId, MAX_RUNS)) {
            Optional<String> sql = item.sqlCut() ? this.sqlRunner.script(item.runId())
                    : Optional.ofNullable(item.sql());
            if (sql.isPresent() && !sql.get().isBlank() && scripts.add(sql.get())) {
                runIds.add(item.runId());
            }
        }
        SequencedMap<String, String> tree = new LinkedHashMap<>();
        List<String> newestFirst = List.copyOf(scripts);
        if (newestFirst.isEmpty()) {
            return tree;
        }
        tree.put("init/001_from_sandbox.sql", withNewline(newestFirst.getFirst()));
        int number = 1;
        for (int i = newestFirst.size() - 1; i >= 1 && tree.size() < maxFiles; i--) {
            String runId = runIds.get(i);
            tree.put("history/%03d_%s.sql".formatted(number++, runId.length() > 8 ? runId.substring(0, 8) : runId),
                    withNewline(newestFirst.get(i)));
        }
        return tree;
    }

    private static String withNewline(String script) {
        return script.endsWith("\n") ? script : script + "\n";
    }
}

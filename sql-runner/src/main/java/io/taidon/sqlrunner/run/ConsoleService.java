package io.taidon.sqlrunner.run;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.stereotype.Service;

import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.problem.NotFoundException;
import io.taidon.sqlrunner.client.envmanager.EnvManagerClient;
import io.taidon.sqlrunner.execution.ResultMemory;
import io.taidon.sqlrunner.execution.StatementResult;
import io.taidon.sqlrunner.execution.StatementSource;
import io.taidon.sqlrunner.script.ScriptSplitter;
import io.taidon.sqlrunner.script.ScriptStatement;
import io.taidon.sqlrunner.sandbox.SandboxLocks;
import io.taidon.sqlrunner.config.SqlRunnerProperties;

/**
 * The console form of runs (DESIGN.md, "Bases, console, save and restore"): a call applies its statements to the
 * sandbox's base plus its journal, like the next input of a psql session, and is appended to the journal. Each call
 * is a run whose tail is the journal, so the chain cache serves the journal and only the call's statements execute;
 * the answer holds the call's statements only, numbered and positioned within the call. No transaction spans calls:
 * one the call leaves open is rolled back (the journal records the {@code ROLLBACK}) and the answer says so. Script
 * runs never see the journal; a reset or restore of the sandbox drops it, and so does {@link #reset}.
 */
@Service
public class ConsoleService {

    private final RunService runs;

    private final EnvManagerClient envManager;

    private final ConsoleJournal journal;

    private final SandboxLocks locks;

    private final SqlRunnerProperties properties;

    ConsoleService(RunService runs, EnvManagerClient envManager, ConsoleJournal journal, SandboxLocks locks,
            SqlRunnerProperties properties) {
        this.runs = runs;
        this.envManager = envManager;
        this.journal = journal;
        this.locks = locks;
        this.properties = properties;
    }

    /**
     * @param userId the caller
     * @param sandboxId the caller's sandbox
     * @param sql the statements to apply
     * @param memory the call's lease on the shared result memory, or null
     * @return the call's results
     * @throws NotFoundException when the sandbox is not the caller's (404)
     * @throws InvalidRequestException {@code invalid-sql} for a call without a statement, {@code script-too-large}
     *         when journal and call together pass the script size cap (400; reset the console)
     * @throws io.taidon.platform.problem.ConflictException {@code run-in-progress} (409)
     */
    public ConsoleResponse apply(String userId, String sandboxId, String sql, ResultMemory.Lease memory) {
        EnvManagerClient.Base base = this.envManager.baseOf(sandboxId, userId)
            .orElseThrow(() -> NotFoundException.forId("sandbox", sandboxId));
        if (ScriptSplitter.split(sql).isEmpty()) {
            throw new InvalidRequestException("invalid-sql", "The console call holds no statement.");
        }
        ReentrantLock lock = this.locks.acquire(sandboxId, this.properties.lockWait());
        try {
            String before = this.journal.text(sandboxId, base.since());
            String entry = terminated(sql);
            RunResponse run = this.runs.run(userId, new RunRequest(before + entry, sandboxId), memory);
            int journalStatements = countBefore(before + entry, before.length());
            int journalLines = (int) before.chars().filter(c -> c == '\n').count();
            List<StatementResult> own = run.statements()
                .subList(Math.min(journalStatements, run.statements().size()), run.statements().size())
                .stream()
                .map(result -> result.relativeTo(journalStatements, journalLines))
                // the call's statements before its last one are the run's tail: "replayed" there, but run for the
                // first time as far as the learner can tell (a journal statement is never shown)
                .map(result -> result.source() == StatementSource.REPLAYED
                        ? result.withSource(StatementSource.EXECUTED) : result)
                .toList();
            boolean rolledBack = leavesTransactionOpen(own);
            String recorded = rolledBack ? entry + "rollback;\n" : entry;
            this.journal.append(sandboxId, userId, recorded, own.size() + (rolledBack ? 1 : 0));
            return new ConsoleResponse(run.runId(), sandboxId, own, run.cache(), run.durationMs(),
                    journalStatements + own.size() + (rolledBack ? 1 : 0), rolledBack);
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Drops the sandbox's journal: the next call starts from the base.
     *
     * @param userId the caller
     * @param sandboxId the caller's sandbox
     * @return how many calls were dropped
     * @throws NotFoundException when the sandbox is not the caller's (404)
     */
    public int reset(String userId, String sandboxId) {
        if (this.envManager.baseOf(sandboxId, userId).isEmpty()) {
            throw NotFoundException.forId("sandbox", sandboxId);
        }
        ReentrantLock lock = this.locks.acquire(sandboxId, this.properties.lockWait());
        try {
            return this.journal.clear(sandboxId);
        }
        finally {
            lock.unlock();
        }
    }

    /** The call's text ending at a statement boundary and a line break (a final statement without {@code ;} gets one). */
    static String terminated(String sql) {
        List<ScriptStatement> statements = ScriptSplitter.split(sql);
        String text = sql.stripTrailing();
        boolean closed = statements.isEmpty() || statements.getLast().boundary().resumable();
        return closed ? text + "\n" : text + "\n;\n";
    }

    /** @return how many statements of {@code script} start before {@code offset} */
    private static int countBefore(String script, int offset) {
        if (offset == 0) {
            return 0;
        }
        int count = 0;
        for (ScriptStatement statement : ScriptSplitter.split(script)) {
            if (statement.startOffset() < offset) {
                count++;
            }
        }
        return count;
    }

    /**
     * @param results the call's results in order (the journal before it never leaves a transaction open)
     * @return whether the call ends inside a transaction block, as its command tags tell
     */
    static boolean leavesTransactionOpen(List<StatementResult> results) {
        boolean open = false;
        for (StatementResult result : results) {
            String tag = result.commandTag() == null ? "" : result.commandTag().toUpperCase(Locale.ROOT);
            if (tag.equals("BEGIN") || tag.equals("START TRANSACTION")) {
                open = true;
            }
            else if (tag.equals("COMMIT") || tag.equals("ROLLBACK") || tag.equals("PREPARE TRANSACTION")) {
                open = false;
            }
        }
        return open;
    }
}

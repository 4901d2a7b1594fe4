package io.taidon.sqlrunner.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.taidon.platform.problem.InvalidRequestException;

/**
 * Run history ({@code GET /api/runs?sandboxId=}, and {@code GET /api/runs/{id}} once a run ended): the recorded
 * runs with their script text, which is stored content-addressed per user (table {@code run_script}: one row per
 * user and SHA-256 of the UTF-8 text) for scripts up to {@value #MAX_KEPT_CHARS} characters; runs of longer scripts
 * (Pagila's 3.6 MB) keep no text ({@code sql} null). Erased with the user.
 */
@Component
class RunHistory {

    /** Longest script whose text is kept, in UTF-16 code units. */
    static final int MAX_KEPT_CHARS = 256 * 1024;

    /** Most runs one page lists. */
    static final int MAX_PAGE = 100;

    /** Characters of a script an item of the list shows. */
    static final int PREVIEW_CHARS = 300;

    private final JdbcClient jdbc;

    private final RunRepository runs;

    RunHistory(JdbcClient jdbc, RunRepository runs) {
        this.jdbc = jdbc;
        this.runs = runs;
    }

    /**
     * Keeps a run's script text (once per user and content).
     *
     * @param userId the learner
     * @param sql the whole script
     * @return its SHA-256 in hex, or null when it is too long to keep
     */
    @Nullable String keep(String userId, String sql) {
        if (sql.length() > MAX_KEPT_CHARS) {
            return null;
        }
        String sha256 = sha256(sql);
        this.jdbc.sql("insert into run_script (user_id, sha256, sql) values (?, ?, ?) on conflict do nothing")
            .params(userId, sha256, sql)
            .update();
        return sha256;
    }

    /**
     * @param userId the caller
     * @param sandboxId one of the caller's sandboxes (runs of another's are never the caller's)
     * @param page 0-based page
     * @param size runs per page, 1 to {@value #MAX_PAGE}
     * @return the page, newest first
     * @throws InvalidRequestException for a page or size out of range (400)
     */
    Page list(String userId, String sandboxId, int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE) {
            throw new InvalidRequestException("invalid-page", "page must be 0 or more and size 1 to " + MAX_PAGE + ".");
        }
        List<Item> items = this.runs.findByUserIdAndSandboxIdOrderByCreatedAtDesc(userId, sandboxId,
                PageRequest.of(page, size)).stream().map(run -> item(run, true)).toList();
        return new Page(items, page, size);
    }

    /**
     * @param userId the caller
     * @param runId a run id
     * @return the caller's recorded run with its whole script, if there is one
     */
    Optional<Item> find(String userId, String runId) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        }
        catch (IllegalArgumentException ex) {
            return Optional.empty();
        }
        return this.runs.findById(id).filter(run -> run.userId().equals(userId)).map(run -> item(run, false));
    }

    /**
     * @param userId a user
     * @return how many script texts of theirs were erased
     */
    int eraseUser(String userId) {
        return this.jdbc.sql("delete from run_script where user_id = ?").param(userId).update();
    }

    private Item item(RunEntity run, boolean preview) {
        String sql = run.scriptSha256() == null ? null
                : this.jdbc.sql("select sql from run_script where user_id = ? and sha256 = ?")
                    .params(run.userId(), run.scriptSha256())
                    .query(String.class)
                    .optional()
                    .orElse(null);
        boolean cut = sql != null && preview && sql.length() > PREVIEW_CHARS;
        return new Item(run.id().toString(), run.sandboxId(), run.createdAt(), run.statementCount(), run.hitDepth(),
                run.replayed(), run.errorCount(), run.status(), run.durationMs(),
                cut ? sql.substring(0, PREVIEW_CHARS) : sql, cut);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java platform has SHA-256", ex);
        }
    }

    /**
     * @param items the runs, newest first
     * @param page the page
     * @param size its size
     */
    record Page(List<Item> items, int page, int size) {
    }

    /**
     * A recorded run.
     *
     * @param runId its id
     * @param sandboxId where it ran
     * @param createdAt when it was answered
     * @param statements the script's statements
     * @param hitDepth statements served by the cache
     * @param replayed statements replayed
     * @param errors statements that failed
     * @param status {@code ok} or {@code errors}
     * @param durationMs how long it took
     * @param sql its script (in a list, the first {@value #PREVIEW_CHARS} characters), or null when not kept
     * @param sqlCut whether {@code sql} is cut (ask {@code GET /api/runs/{id}} for the whole)
     */
    record Item(String runId, String sandboxId, Instant createdAt, int statements, int hitDepth, int replayed,
            int errors, String status, long durationMs, @Nullable String sql, boolean sqlCut) {
    }
}

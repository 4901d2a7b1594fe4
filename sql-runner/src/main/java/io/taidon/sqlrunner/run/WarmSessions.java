package io.taidon.sqlrunner.run;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.taidon.sqlrunner.execution.CleanState;
import io.taidon.sqlrunner.execution.LearnerSession;
import io.taidon.sqlrunner.config.SqlRunnerProperties;

/**
 * Learner connections kept open after a run whose head ran in a rolled-back transaction, one per sandbox: the
 * sandbox's learner database is still exactly at the state of {@code chainHash} and the session stands for a fresh
 * session there (same settings, nothing held, same sequences). The next run of the same tail uses it without a reset
 * or a reconnect. A run takes the entry out ({@link #take}) and puts it back only when it is clean again, so an
 * error anywhere closes it. Closed when idle for {@code taidon.sql-runner.warm-session-idle}, beyond
 * {@code warm-sessions} entries (least recently used first), on the user's erasure and at shutdown; a sandbox reset,
 * deletion or snapshot capture in env-manager terminates the backend, which the next run notices.
 * <p>
 * Sessions whose tails have the same text share one copy of it (looked up by {@link ScriptPrefix#ref()}, held weakly):
 * a thousand learners of one course script keep its megabytes once. What the kept sessions hold in all (each distinct
 * tail text once, plus every session's recorded results) stays within {@code warm-session-bytes}: beyond it the least
 * recently used sessions are closed, so learners' scripts cannot fill the heap through this registry.
 */
@Component
class WarmSessions {

    private final ConcurrentMap<String, Warm> sessions = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, WeakReference<String>> tailTexts = new ConcurrentHashMap<>();

    private final int capacity;

    private final long byteBudget;

    /** sessions holding each tail text (by ref), and the bytes held in all; guarded by {@code this} */
    private final Map<String, Integer> textHolders = new HashMap<>();

    private long heldBytes;

    private final Duration idle;

    WarmSessions(SqlRunnerProperties properties, ScheduledExecutorService statementDeadlines) {
        this.capacity = properties.warmSessions();
        this.byteBudget = properties.warmSessionBytes().toBytes();
        this.idle = properties.warmSessionIdle();
        long period = Math.max(1000, this.idle.toMillis() / 4);
        statementDeadlines.scheduleWithFixedDelay(this::closeIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * A learner session clean at a chain point.
     *
     * @param userId the sandbox's owner
     * @param root the {@code h_0} the session's chain starts from (it commits to the sandbox's base)
     * @param chainHash the cache point the learner database is at (the tail's {@code h_k}, or {@code h_0})
     * @param state the session's state there
     * @param session the open session
     * @param prefix the script tail that brought it there, or null when the tail cannot be recognised cheaply
     * @param defaultSandbox whether the sandbox is the user's default sandbox (runs without a sandbox id use it)
     * @param lastUsedNanos {@link System#nanoTime()} when it was put back
     */
    record Warm(String userId, String root, String chainHash, CleanState state, LearnerSession session,
            @Nullable ScriptPrefix prefix, boolean defaultSandbox, long lastUsedNanos) {
    }

    /**
     * @param sandboxId the sandbox
     * @return the session kept for it, still owned by this registry (read only), or null
     */
    @Nullable Warm peek(String sandboxId) {
        return this.sessions.get(sandboxId);
    }

    /**
     * @param userId a user
     * @return the id of the user's default sandbox when a session is kept for it, else null (ask env-manager)
     */
    @Nullable String defaultSandbox(String userId) {
        for (var entry : this.sessions.entrySet()) {
            if (entry.getValue().defaultSandbox() && entry.getValue().userId().equals(userId)) {
                return entry.getKey();
            }
        }
        return null;
    }

    /**
     * @param sandboxId the sandbox
     * @return the kept session, now owned by the caller (close it or {@link #put} it back), or null
     */
    @Nullable Warm take(String sandboxId) {
        Warm warm = this.sessions.remove(sandboxId);
        if (warm != null) {
            account(warm, -1);
        }
        return warm;
    }

    /** Keeps a clean session for the sandbox's next run, closing any other kept for it. */
    void put(String sandboxId, String userId, String root, String chainHash, CleanState state,
            LearnerSession session, @Nullable ScriptPrefix prefix, boolean defaultSandbox) {
        if (this.capacity == 0) {
            session.close();
            return;
        }
        Warm kept = new Warm(userId, root, chainHash, state, session, prefix == null ? null : share(prefix), defaultSandbox,
                System.nanoTime());
        account(kept, 1);
        Warm previous = this.sessions.put(sandboxId, kept);
        if (previous != null) {
            account(previous, -1);
            if (previous.session() != session) {
                previous.session().close();
            }
        }
        while (this.sessions.size() > this.capacity || heldBytes() > this.byteBudget) {
            var oldest = this.sessions.entrySet()
                .stream()
                .min(Comparator.comparingLong(e -> e.getValue().lastUsedNanos()));
            if (oldest.isEmpty()) {
                break;
            }
            close(oldest.get().getKey(), oldest.get().getValue());
        }
    }

    /** Counts what a session kept ({@code +1}) or let go ({@code -1}) holds. */
    private synchronized void account(Warm warm, int sign) {
        ScriptPrefix prefix = warm.prefix();
        if (prefix == null) {
            return;
        }
        this.heldBytes += sign * prefix.recordedBytes();
        int holders = this.textHolders.getOrDefault(prefix.ref(), 0) + sign;
        if (holders == (sign > 0 ? 1 : 0)) {
            // the first session to hold this text, or the last to let it go
            this.heldBytes += sign * (long) prefix.length();
        }
        if (holders == 0) {
            this.textHolders.remove(prefix.ref());
        }
        else {
            this.textHolders.put(prefix.ref(), holders);
        }
    }

    /** @return bytes the kept sessions hold: distinct tail texts (UTF-16 code units) and recorded results */
    synchronized long heldBytes() {
        return this.heldBytes;
    }

    /**
     * @return the prefix over the text another kept session already holds for the same tail, else the prefix itself
     *         (its text is then the one shared)
     */
    private ScriptPrefix share(ScriptPrefix prefix) {
        WeakReference<String> held = this.tailTexts.get(prefix.ref());
        String shared = held == null ? null : held.get();
        if (shared == prefix.text()) {
            return prefix;
        }
        if (shared != null && shared.equals(prefix.text())) {
            return prefix.withText(shared);
        }
        this.tailTexts.values().removeIf(text -> text.refersTo(null));
        this.tailTexts.put(prefix.ref(), new WeakReference<>(prefix.text()));
        return prefix;
    }

    /** Puts back a session {@link #take taken} out unchanged. */
    void putBack(String sandboxId, Warm warm) {
        put(sandboxId, warm.userId(), warm.root(), warm.chainHash(), warm.state(), warm.session(), warm.prefix(),
                warm.defaultSandbox());
    }

    /** Closes the sessions kept for a user's sandboxes (erasure). */
    void closeUser(String userId) {
        this.sessions.forEach((sandboxId, warm) -> {
            if (warm.userId().equals(userId)) {
                close(sandboxId, warm);
            }
        });
    }

    void closeIdle() {
        long now = System.nanoTime();
        this.sessions.forEach((sandboxId, warm) -> {
            if (now - warm.lastUsedNanos() >= this.idle.toNanos()) {
                close(sandboxId, warm);
            }
        });
    }

    @PreDestroy
    void closeAll() {
        this.sessions.forEach(this::close);
    }

    /** @return how many sessions are kept */
    int size() {
        return this.sessions.size();
    }

    private void close(String sandboxId, Warm warm) {
        if (this.sessions.remove(sandboxId, warm)) {
            account(warm, -1);
            warm.session().close();
        }
    }
}

package io.taidon.sqlrunner.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import io.taidon.platform.problem.ConflictException;
import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.problem.NotFoundException;
import io.taidon.platform.problem.RateLimitedException;
import io.taidon.sqlrunner.chain.ChainSnapshots;
import io.taidon.sqlrunner.client.envmanager.EnvManagerClient;
import io.taidon.sqlrunner.config.SqlRunnerProperties;
import io.taidon.sqlrunner.execution.ResultBudget;
import io.taidon.sqlrunner.execution.ResultJson;
import io.taidon.sqlrunner.execution.ResultMemory;
import io.taidon.sqlrunner.execution.StatementResult;
import io.taidon.sqlrunner.execution.StatementSource;
import io.taidon.sqlrunner.execution.TransactionBlocks;
import io.taidon.sqlrunner.quota.RunLimits;
import io.taidon.sqlrunner.quota.RunQuotaService;
import io.taidon.sqlrunner.sandbox.SandboxLocks;

/**
 * Runs a script with prefix reuse (DESIGN.md, "Run semantics" and "Main flows"), in four steps:
 * <ol>
 * <li>{@link RunTargets#resolve}: the sandbox (named, or the user's default one, created from the tail's chain
 * snapshot when there is one), ownership, the base, the tail ({@code tailRef}, or a kept tail the script starts with),
 * the size check; split and chain hashes {@code h_1…h_n};</li>
 * <li>{@link Resumer#resume}: the resume plan ({@link ResumePlanner}: a kept session, the snapshot the sandbox was
 * created from, the deepest layer, a chain snapshot, or the base) and reaching that state;</li>
 * <li>{@link RunPass#replayTail}: replay statements {@code k+1…n-1}, store a layer at the tail when the session there
 * is restorable ({@link SandboxLayers});</li>
 * <li>{@link RunPass#executeHead}: execute the head; when the session stands for a fresh session at the tail's cache
 * point, the head runs in a transaction that is rolled back ({@link TransactionBlocks}) and the session is kept
 * ({@link WarmSessions}), so the next run of the same tail skips the reset and the reconnect.</li>
 * </ol>
 * Then the run is recorded and answered. Statements served from the cache return the results recorded when they first
 * ran, so the answer never depends on whether the cache was used. What a run holds is capped ({@link ResultBudget},
 * {@link ResultMemory}).
 */
@Service
public class RunService {

    private final RunTargets targets;

    private final Resumer resumer;

    private final RunPass.Collaborators passWith;

    private final RunRepository runs;

    private final SandboxLocks locks;

    private final RunMetrics metrics;

    private final SqlRunnerProperties properties;

    private final WarmSessions warmSessions;

    private final RunQuotaService quotas;

    private final RunProgress progress;

    private final RunHistory history;

    RunService(RunTargets targets, Resumer resumer, SandboxLayers layers, LearnerSessions sessions,
            EnvManagerClient envManager, ChainSnapshots chainSnapshots, RunRepository runs, SandboxLocks locks,
            RunMetrics metrics, SqlRunnerProperties properties, WarmSessions warmSessions, RunQuotaService quotas,
            RunProgress progress, RunHistory history) {
        this.targets = targets;
        this.resumer = resumer;
        this.passWith = new RunPass.Collaborators(properties, envManager, chainSnapshots, layers, sessions, resumer,
                warmSessions, metrics);
        this.history = history;
        this.progress = progress;
        this.warmSessions = warmSessions;
        this.quotas = quotas;
        this.runs = runs;
        this.locks = locks;
        this.metrics = metrics;
        this.properties = properties;
    }

    /**
     * @param userId the learner
     * @param request the script and optional sandbox
     * @return every statement's result and the cache summary
     * @throws RateLimitedException when the learner's {@code runsPerMinute} are spent (429, before any sandbox work)
     * @throws InvalidRequestException for an empty, oversized or non-UTF-8-encodable script (400)
     * @throws NotFoundException when the sandbox is not the learner's (404)
     * @throws ConflictException when another run holds the sandbox ({@code run-in-progress}), or the tail named by
     *         {@code tailRef} is not kept for the sandbox ({@code tail-unknown}; send the whole script) (409)
     * @throws DownstreamUnavailableException when user-profile, env-manager or the sandbox does not answer (503)
     */
    public RunResponse run(String userId, RunRequest request) {
        return run(userId, request, null);
    }

    /**
     * @param memory the run's lease on the results all runs may hold at once, closed by the caller after the answer
     *        is written; null for a pool of its own
     * @see #run(String, RunRequest)
     */
    public RunResponse run(String userId, RunRequest request, ResultMemory.@Nullable Lease memory) {
        long started = System.nanoTime();
        String runId = runId(request.runId());
        RunLimits limits = this.quotas.admit(userId);
        ResultMemory.Lease lease = memory == null ? ResultMemory.unpooled() : memory;
        RunTarget target = this.targets.resolve(userId, request);
        RunProgress.Tracked tracked = this.progress.start(userId, runId, target.script().statements().size());
        RunProgress.State outcome = RunProgress.State.FAILED;
        try {
            RunResponse response = locked(target, limits, started, lease, tracked);
            if (response == null) {
                // the cached default sandbox id did not serve the run (its session ended): ask env-manager which it is
                response = Objects.requireNonNull(
                        locked(this.targets.currentDefault(target), limits, started, lease, tracked));
            }
            outcome = RunProgress.State.DONE;
            return response;
        }
        catch (ConflictException ex) {
            outcome = tracked.canceled() ? RunProgress.State.CANCELED : RunProgress.State.FAILED;
            throw ex;
        }
        finally {
            tracked.ended(outcome);
        }
    }

    /**
     * @param chosen the client's run id, or null
     * @return it (a UUID, not used before), or a new one
     * @throws InvalidRequestException {@code invalid-run-id} when it is not a UUID (400)
     * @throws ConflictException {@code run-id-in-use} when a recorded run has it (409)
     */
    private String runId(@Nullable String chosen) {
        if (chosen == null) {
            return UUID.randomUUID().toString();
        }
        UUID id;
        try {
            id = UUID.fromString(chosen);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidRequestException("invalid-run-id", "runId must be a UUID.");
        }
        if (this.runs.existsById(id)) {
            throw new ConflictException("run-id-in-use", "The run id " + chosen + " is in use; choose another.");
        }
        return id.toString();
    }

    private @Nullable RunResponse locked(RunTarget target, RunLimits limits, long started,
            ResultMemory.Lease memory, RunProgress.Tracked tracked) {
        ReentrantLock lock = this.locks.acquire(target.sandboxId(), this.properties.lockWait());
        try {
            return runLocked(target, limits, started, memory, tracked);
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * The run under the sandbox's lock, in the steps of DESIGN.md's main flows: {@link Resumer#resume} (plan and reach
     * the deepest cached state), {@link RunPass#replayTail} (replay the rest, store the layer), {@link RunPass#executeHead}
     * (execute the head, keep the session), then the record and the answer.
     *
     * @return the response, or null when the target came from a kept session that could not serve the run (the
     *         sandbox may be gone; nothing was done)
     */
    private @Nullable RunResponse runLocked(RunTarget target, RunLimits limits, long started,
            ResultMemory.Lease memory, RunProgress.Tracked tracked) {
        WarmSessions.Warm warm = this.warmSessions.take(target.sandboxId());
        Script script = target.script();
        WarmStart kept = null;
        if (warm != null && warm.userId().equals(target.userId())) {
            if (script.prefix() != null && script.prefix() != warm.prefix()) {
                // another run replaced the session since this script was split after its prefix
                script = script.whole();
            }
            kept = this.resumer.warmStart(target.sandboxId(), warm, script);
        }
        if (kept == null && warm != null) {
            warm.session().close();
        }
        if (kept == null && target.fromKeptSession()) {
            return null;
        }
        if (kept == null && !target.baseKnown()) {
            // the kept session is gone (a restore, reset or capture may have ended it): ask for the base again
            script = this.targets.onCurrentBase(target);
        }
        else if (kept == null) {
            script = script.whole();
        }
        this.metrics.warm(kept != null);
        RunPass pass = new RunPass(this.passWith, target, script, this.resumer.resume(target, script, kept), kept,
                limits, memory, tracked);
        try {
            pass.openSession();
            pass.replayTail();
            pass.executeHead();
        }
        finally {
            pass.release();
        }
        pass.storeDeferredLayer();
        return answer(pass, started);
    }

    /** Records the run and builds its answer. */
    private RunResponse answer(RunPass pass, long started) {
        CacheLevel level = pass.resume().plan().level();
        this.metrics.cache(level);
        this.metrics.replayed(pass.replayed());
        int errors = 0;
        for (StatementResult result : pass.results()) {
            if (result.failed() && result.source() != StatementSource.CACHE && result.error() != null) {
                this.metrics.error(result.error().sqlState());
            }
            errors += result.failed() ? 1 : 0;
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        this.metrics.run(level, duration);
        long durationMs = duration.toMillis();
        UUID runId = UUID.fromString(pass.tracked().runId());
        Script script = pass.script();
        String sandboxId = pass.target().sandboxId();
        this.runs.save(new RunEntity(runId, pass.target().userId(), sandboxId, json(script.hashes()), script.tail() + 1,
                pass.resume().depth(), pass.replayed(), pass.layerCreated(), errors, errors == 0 ? "ok" : "errors",
                durationMs, pass.headMs(), Instant.now(), pass.headRolledBack() ? script.head().text() : null,
                this.history.keep(pass.target().userId(), script.sql())));
        return new RunResponse(runId.toString(), sandboxId, pass.results(),
                new RunResponse.Cache(pass.resume().depth(), pass.replayed(), pass.layerCreated()), durationMs,
                pass.kept() && pass.prefix() != null ? new RunResponse.Tail(pass.prefix().ref(), pass.prefix().length())
                        : null);
    }

    private static String json(Object value) {
        return ResultJson.MAPPER.writeValueAsString(value);
    }
}

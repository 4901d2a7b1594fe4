package io.taidon.sqlrunner.run;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.taidon.platform.problem.ConflictException;
import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.problem.NotFoundException;
import io.taidon.sqlrunner.chain.ChainHashes;
import io.taidon.sqlrunner.chain.ChainSnapshots;
import io.taidon.sqlrunner.client.envmanager.EnvManagerClient;
import io.taidon.sqlrunner.config.SqlRunnerProperties;

/**
 * First step of a run (DESIGN.md, "Main flows" 1): the sandbox (named, or the user's default one, created from the
 * tail's chain snapshot when there is one), ownership, the sandbox's base ({@code h_0}), the tail ({@code tailRef}, or
 * a kept tail the script starts with), the size check, the split and the chain hashes {@code h_1…h_n}.
 */
@Component
class RunTargets {

    private final EnvManagerClient envManager;

    private final ChainSnapshots chainSnapshots;

    private final WarmSessions warmSessions;

    private final RunMetrics metrics;

    private final SqlRunnerProperties properties;

    RunTargets(EnvManagerClient envManager, ChainSnapshots chainSnapshots, WarmSessions warmSessions,
            RunMetrics metrics, SqlRunnerProperties properties) {
        this.envManager = envManager;
        this.chainSnapshots = chainSnapshots;
        this.warmSessions = warmSessions;
        this.metrics = metrics;
        this.properties = properties;
    }

    /**
     * @param userId the learner
     * @param request the script, and the sandbox and tail it names
     * @return the run's target
     * @throws InvalidRequestException for an empty, oversized or non-UTF-8-encodable script (400)
     * @throws NotFoundException when the sandbox is not the learner's (404)
     * @throws ConflictException {@code tail-unknown} when the tail named by {@code tailRef} is not kept (409)
     * @throws DownstreamUnavailableException when env-manager does not answer (503)
     */
    RunTarget resolve(String userId, RunRequest request) {
        boolean useDefault = request.sandboxId() == null;
        String sandboxId = useDefault ? this.warmSessions.defaultSandbox(userId) : request.sandboxId();
        // a tail can be kept for the default sandbox under its id (runs that named it): ask which sandbox that is
        boolean askedDefault = request.tailRef() != null && sandboxId == null;
        if (askedDefault) {
            sandboxId = this.envManager.defaultSandbox(userId);
        }
        WarmSessions.Warm warm = sandboxId == null ? null : this.warmSessions.peek(sandboxId);
        boolean heldByUser = warm != null && warm.userId().equals(userId);
        // the chain starts from h_0 of the sandbox's base: the kept session's, or env-manager's answer, which also
        // proves ownership (a kept session does too: sandboxes never change owner, and a deleted one ends its sessions)
        String base = null;
        if (sandboxId != null && !heldByUser && !askedDefault) {
            base = baseOf(sandboxId, userId);
        }
        String root = heldByUser ? warm.root() : root(base != null ? base : ChainHashes.EMPTY_BASE);
        String sql = request.sql();
        // the kept tail this script starts with, if any: its text is neither measured, split nor hashed again
        ScriptPrefix known = null;
        if (request.tailRef() != null) {
            known = heldByUser ? warm.prefix() : null;
            boolean served = known != null && known.ref().equals(request.tailRef());
            this.metrics.tailRef(served);
            if (!served) {
                throw new ConflictException("tail-unknown", "The runner no longer keeps the tail this run names"
                        + " (tailRef); send the whole script.");
            }
            sql = known.complete(sql);
        }
        long max = this.properties.maxScriptSize().toBytes();
        if (known == null && heldByUser && warm.prefix() != null && (long) sql.length() <= max
                && warm.prefix().matches(sql)) {
            known = warm.prefix();
        }
        checkSize(sql, known);
        Script script = known != null ? Script.after(sql, known, root) : null;
        if (script == null) {
            script = Script.whole(sql, root);
        }
        if (sandboxId == null) {
            // the default sandbox may not exist yet: a new one can boot straight from the tail's chain snapshot
            ChainSnapshots.Hit hit = script.tail() > 0
                    ? this.chainSnapshots.deepest(script.hashes().subList(0, script.tail())).orElse(null) : null;
            EnvManagerClient.DefaultSandbox created = this.envManager.defaultSandbox(userId,
                    hit != null ? hit.snapshotId() : null);
            boolean restored = hit != null && hit.snapshotId().equals(created.restoredFrom());
            if (!ChainHashes.EMPTY_BASE.equals(created.baseRef())) {
                // an existing default sandbox with a base of its own: its chain starts elsewhere
                return new RunTarget(userId, created.sandboxId(), true, false,
                        Script.whole(sql, root(created.baseRef())), null, true);
            }
            return new RunTarget(userId, created.sandboxId(), true, false, script, restored ? hit : null, true);
        }
        return new RunTarget(userId, sandboxId, useDefault, useDefault && warm != null && !askedDefault, script, null,
                !heldByUser);
    }

    /**
     * The run again on the user's default sandbox as env-manager names it now, for a target that came from a kept
     * session which could not serve the run.
     *
     * @param target the target that was not served
     * @return the same script on the current default sandbox
     */
    RunTarget currentDefault(RunTarget target) {
        EnvManagerClient.DefaultSandbox fresh = this.envManager.defaultSandbox(target.userId(), null);
        return new RunTarget(target.userId(), fresh.sandboxId(), true, false,
                Script.whole(target.script().sql(), root(fresh.baseRef())), null, true);
    }

    /**
     * @param target a target whose {@code h_0} came from a kept session that is gone (a restore, reset or capture
     *        may have ended it)
     * @return its script split whole on the sandbox's base as env-manager knows it now
     * @throws NotFoundException when the sandbox is not the learner's any more (404)
     */
    Script onCurrentBase(RunTarget target) {
        return Script.whole(target.script().sql(), root(baseOf(target.sandboxId(), target.userId())));
    }

    private String baseOf(String sandboxId, String userId) {
        return this.envManager.baseOf(sandboxId, userId)
            .orElseThrow(() -> NotFoundException.forId("sandbox", sandboxId))
            .ref();
    }

    /**
     * @param known the kept tail the script starts with (its UTF-8 length is known), or null
     * @throws InvalidRequestException when the script's UTF-8 encoding is larger than {@code max-script-size}
     */
    private void checkSize(String sql, @Nullable ScriptPrefix known) {
        long max = this.properties.maxScriptSize().toBytes();
        int measured = known == null ? 0 : known.length();
        long bytes = known == null ? 0 : known.utf8Length();
        // a UTF-16 code unit is at most 3 UTF-8 bytes: count only when the bound does not already decide
        if ((long) sql.length() > max
                || (3L * (sql.length() - measured) + bytes > max && bytes + ScriptPrefix.encodeUtf8(sql, measured, chunk -> { }) > max)) {
            throw new InvalidRequestException("script-too-large",
                    "The script is larger than " + this.properties.maxScriptSize().toKilobytes() + " KB.");
        }
    }

    /**
     * @param base the sandbox's base reference ({@code empty} or {@code sha256:<64 hex>})
     * @return {@code h_0} of this runner's sandboxes on that base
     */
    private String root(String base) {
        return ChainHashes.root(this.properties.engineMajor(), this.properties.settingsFingerprint(), base);
    }
}

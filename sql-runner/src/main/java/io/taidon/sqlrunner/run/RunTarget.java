package io.taidon.sqlrunner.run;

import org.jspecify.annotations.Nullable;

import io.taidon.sqlrunner.chain.ChainSnapshots;

/**
 * Where a run goes and what it runs, the outcome of its first step ({@link RunTargets#resolve}).
 *
 * @param userId the sandbox's owner
 * @param sandboxId the sandbox
 * @param defaultSandbox whether the run named no sandbox
 * @param fromKeptSession whether {@code sandboxId} is the default sandbox as a kept session remembered it (the
 *        sandbox may be gone: then the run asks env-manager again)
 * @param script the script
 * @param restored the chain snapshot the sandbox was just created from (its learner database is at that point), or
 *        null
 * @param baseKnown whether the script's {@code h_0} comes from env-manager's answer about the sandbox's base (false:
 *        from a kept session, which a restore may have ended; then the base is asked again when the session cannot
 *        serve the run)
 */
record RunTarget(String userId, String sandboxId, boolean defaultSandbox, boolean fromKeptSession, Script script,
        ChainSnapshots.@Nullable Hit restored, boolean baseKnown) {
}

package io.taidon.sqlrunner.run;

import org.springframework.stereotype.Component;

import io.taidon.platform.erasure.UserDataEraser;
import io.taidon.sqlrunner.quota.RunQuotaService;

/**
 * Erasure: deletes the user's run records and script texts, cache points and console journals, closes its kept learner sessions (the layers live in
 * env-manager's sandboxes), and forgets its cached quotas and runs-per-minute buckets.
 */
@Component
class RunDataEraser implements UserDataEraser {

    private final RunRepository runs;

    private final CachePointRepository cachePoints;

    private final WarmSessions warmSessions;

    private final RunQuotaService quotas;

    private final ConsoleJournal journal;

    private final RunHistory history;

    RunDataEraser(RunRepository runs, CachePointRepository cachePoints, WarmSessions warmSessions,
            RunQuotaService quotas, ConsoleJournal journal, RunHistory history) {
        this.history = history;
        this.journal = journal;
        this.warmSessions = warmSessions;
        this.quotas = quotas;
        this.runs = runs;
        this.cachePoints = cachePoints;
    }

    @Override
    public void erase(String userId) {
        this.warmSessions.closeUser(userId);
        this.runs.deleteByUserId(userId);
        this.cachePoints.deleteByUserId(userId);
        this.journal.eraseUser(userId);
        this.history.eraseUser(userId);
        this.quotas.forget(userId);
    }
}

package io.taidon.sqlrunner.run;

import org.springframework.stereotype.Component;

import io.taidon.platform.erasure.UserDataEraser;

/** Erasure: deletes the user's run records and cache points and closes its kept learner sessions (the layers live in env-manager's sandboxes). */
@Component
class RunDataEraser implements UserDataEraser {

    private final RunRepository runs;

    private final CachePointRepository cachePoints;

    private final WarmSessions warmSessions;

    RunDataEraser(RunRepository runs, CachePointRepository cachePoints, WarmSessions warmSessions) {
        this.warmSessions = warmSessions;
        this.runs = runs;
        this.cachePoints = cachePoints;
    }

    @Override
    public void erase(String userId) {
        this.warmSessions.closeUser(userId);
        this.runs.deleteByUserId(userId);
        this.cachePoints.deleteByUserId(userId);
    }
}

package io.taidon.sqlrunner.run;

import org.springframework.stereotype.Component;

import io.taidon.platform.erasure.UserDataEraser;

/** Erasure: deletes the user's run records and cache points (the layers live in env-manager's sandboxes). */
@Component
class RunDataEraser implements UserDataEraser {

    private final RunRepository runs;

    private final CachePointRepository cachePoints;

    RunDataEraser(RunRepository runs, CachePointRepository cachePoints) {
        this.runs = runs;
        this.cachePoints = cachePoints;
    }

    @Override
    public void erase(String userId) {
        this.runs.deleteByUserId(userId);
        this.cachePoints.deleteByUserId(userId);
    }
}

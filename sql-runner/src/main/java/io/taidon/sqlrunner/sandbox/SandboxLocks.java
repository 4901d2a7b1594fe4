package io.taidon.sqlrunner.sandbox;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.stereotype.Component;

import io.taidon.platform.problem.ConflictException;

/**
 * One run at a time per sandbox, within this sql-runner instance. A second run waits up to
 * {@code taidon.sql-runner.lock-wait}, then gets 409 {@code run-in-progress}.
 */
@Component
public class SandboxLocks {

    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /**
     * @param sandboxId the sandbox
     * @param wait how long to wait for a run in progress
     * @return the held lock; the caller unlocks it
     * @throws ConflictException when another run holds the sandbox past the wait
     */
    public ReentrantLock acquire(String sandboxId, Duration wait) {
        ReentrantLock lock = this.locks.computeIfAbsent(sandboxId, id -> new ReentrantLock());
        try {
            if (lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return lock;
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        throw new ConflictException("run-in-progress",
                "Another run is in progress in sandbox '" + sandboxId + "'; try again when it has finished.");
    }
}

package io.taidon.envmanager.sandbox;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.taidon.envmanager.config.EnvManagerProperties;

/**
 * Suspends idle sandboxes every {@code taidon.env-manager.suspend.sweep-interval} (when
 * {@code taidon.env-manager.suspend.enabled}): each running or stopped sandbox unused for
 * {@code taidon.env-manager.suspend.idle-after} is captured to an {@code auto} snapshot and its instance removed
 * ({@link SandboxService#suspendIfIdle}); it resumes on next use.
 */
@Component
class SandboxSuspender {

    private static final Logger log = LoggerFactory.getLogger(SandboxSuspender.class);

    private final SandboxService sandboxes;

    private final SuspendCapture capture;

    private final EnvManagerProperties.Suspend settings;

    SandboxSuspender(SandboxService sandboxes, SuspendCapture capture, EnvManagerProperties properties) {
        this.sandboxes = sandboxes;
        this.capture = capture;
        this.settings = properties.suspend();
    }

    @Scheduled(fixedDelayString = "${taidon.env-manager.suspend.sweep-interval:1m}",
            initialDelayString = "${taidon.env-manager.suspend.sweep-interval:1m}")
    void periodically() {
        if (this.settings.enabled()) {
            sweep();
        }
    }

    /**
     * Runs one sweep.
     *
     * @return how many sandboxes it suspended
     */
    synchronized int sweep() {
        Instant idleSince = Instant.now().minus(this.settings.idleAfter());
        int count = 0;
        for (String sandboxId : this.sandboxes.idleCandidates(idleSince)) {
            try {
                if (this.sandboxes.suspendIfIdle(sandboxId, idleSince, this.capture)) {
                    count++;
                }
            }
            catch (RuntimeException ex) {
                log.warn("cannot suspend sandbox {}", sandboxId, ex);
            }
        }
        return count;
    }
}

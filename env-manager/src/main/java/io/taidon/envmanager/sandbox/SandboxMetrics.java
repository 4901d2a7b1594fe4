package io.taidon.envmanager.sandbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import io.taidon.envmanager.runtime.SandboxRuntime;

/**
 * The sandbox lifecycle's meters: {@code taidon_sandbox_start_seconds} (histogram of the time from a create request
 * to a sandbox accepting the learner; tags {@code runtime}, {@code source} = {@code empty} or {@code snapshot}),
 * {@code taidon_sandbox_start_phase_seconds} (through {@link #phaseClock()}), {@code taidon_sandboxes_active}
 * (gauge of records whose instance runs) and {@code taidon_sandbox_suspended_total}.
 */
@Component
class SandboxMetrics {

    private final MeterRegistry meters;

    private final String runtime;

    private final Timer emptyStart;

    private final Timer snapshotStart;

    private final Counter suspended;

    SandboxMetrics(MeterRegistry meters, SandboxRuntime runtime, SandboxRepository sandboxes) {
        this.meters = meters;
        this.runtime = runtime.name();
        this.suspended = Counter.builder("taidon.sandbox.suspended")
            .description("Idle sandboxes suspended to a snapshot")
            .register(meters);
        this.snapshotStart = startTimer(meters, this.runtime, "snapshot");
        this.emptyStart = startTimer(meters, this.runtime, "empty");
        Gauge.builder("taidon.sandboxes.active", sandboxes, repository -> repository.countByStatus(SandboxStatus.RUNNING))
            .description("Sandboxes whose instance runs")
            .register(meters);
    }

    private static Timer startTimer(MeterRegistry meters, String runtime, String source) {
        return Timer.builder("taidon.sandbox.start")
            .description("Time from a create request to a sandbox accepting the learner")
            .tags("runtime", runtime, "source", source)
            .publishPercentileHistogram()
            .register(meters);
    }

    /** @return a new clock for the phases of one start */
    PhaseClock phaseClock() {
        return new PhaseClock(this.meters, this.runtime);
    }

    /**
     * @param sample started when the create request came
     * @param fromSnapshot whether the sandbox was restored from a snapshot (else it started empty)
     */
    void started(Timer.Sample sample, boolean fromSnapshot) {
        sample.stop(fromSnapshot ? this.snapshotStart : this.emptyStart);
    }

    /** Counts one suspended sandbox. */
    void suspended() {
        this.suspended.increment();
    }
}

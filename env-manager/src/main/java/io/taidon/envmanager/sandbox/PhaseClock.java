package io.taidon.envmanager.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Where the time of one sandbox start goes: {@link #lap(String)} closes the phase that ran since the previous lap
 * (or since the clock was made), records it in {@code taidon_sandbox_start_phase_seconds} (tags {@code runtime},
 * {@code phase}) and keeps it for {@link #toString()} (one log line, e.g.
 * {@code manifest=12ms download=310ms start=240ms total=600ms}). Not thread-safe: one clock per start.
 */
public final class PhaseClock {

    private final MeterRegistry meters;

    private final String runtime;

    private final long begin = System.nanoTime();

    private long last = this.begin;

    private final Map<String, Long> phases = new LinkedHashMap<>();

    /**
     * @param meters where phases are recorded
     * @param runtime the runtime's name (metric tag)
     */
    public PhaseClock(MeterRegistry meters, String runtime) {
        this.meters = meters;
        this.runtime = runtime;
    }

    /**
     * Ends the current phase.
     *
     * @param phase its name, e.g. {@code download}; a repeated name adds up
     */
    public void lap(String phase) {
        long now = System.nanoTime();
        long nanos = now - this.last;
        this.last = now;
        this.phases.merge(phase, nanos, Long::sum);
        Timer.builder("taidon.sandbox.start.phase")
            .description("Time spent in one phase of a sandbox start")
            .tags("runtime", this.runtime, "phase", phase)
            .register(this.meters)
            .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** @return the phases so far in milliseconds, in order, with the total */
    @Override
    public String toString() {
        StringBuilder line = new StringBuilder();
        this.phases.forEach((phase, nanos) -> line.append(phase).append('=').append(nanos / 1_000_000).append("ms "));
        return line.append("total=").append((System.nanoTime() - this.begin) / 1_000_000).append("ms").toString();
    }
}

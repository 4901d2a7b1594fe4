package io.taidon.launcher;

import java.time.Duration;

/**
 * When the launcher restarts a service that exited without being asked to: after {@link #firstDelay}, doubling
 * with every crash in a row up to {@link #maxDelay} (1 s, 2 s, 4 s … 30 s by default). A service that stayed up for
 * {@link #stableAfter} since its last start has its count reset, so an out-of-memory exit once a day is restarted
 * after one second each time. After {@link #maxCrashes} crashes in a row the launcher gives up on that service and
 * says so (the other services keep running).
 *
 * @param firstDelay delay before the first restart
 * @param maxDelay the cap of the doubling delay
 * @param stableAfter uptime after which a crash counts as the first in a row again
 * @param maxCrashes crashes in a row after which the service is not restarted again (at least 1)
 */
public record RestartPolicy(Duration firstDelay, Duration maxDelay, Duration stableAfter, int maxCrashes) {

    /** 1 s doubling up to 30 s, reset after 60 s up, given up after 8 crashes in a row (about 2 minutes). */
    public static final RestartPolicy DEFAULT = new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofSeconds(60), 8);

    /**
     * @throws IllegalArgumentException for a negative delay or fewer than one crash
     */
    public RestartPolicy {
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0 || maxCrashes < 1) {
            throw new IllegalArgumentException("not a restart policy: " + firstDelay + ", " + maxDelay + ", "
                    + maxCrashes);
        }
    }

    /**
     * @param crashesInARow how many times the service has crashed in a row, this crash included (1 for the first)
     * @return how long to wait before restarting it: {@code min(firstDelay * 2^(crashesInARow - 1), maxDelay)}
     */
    public Duration delay(int crashesInARow) {
        Duration delay = this.firstDelay;
        for (int i = 1; i < crashesInARow && delay.compareTo(this.maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(this.maxDelay) > 0 ? this.maxDelay : delay;
    }

    /**
     * @param previousCrashesInARow crashes in a row before this one
     * @param uptime how long the service ran since its last start
     * @return the count including this crash: 1 when it had been up for {@link #stableAfter}, else one more
     */
    public int crashesInARow(int previousCrashesInARow, Duration uptime) {
        return uptime.compareTo(this.stableAfter) >= 0 ? 1 : previousCrashesInARow + 1;
    }

    /**
     * @param crashesInARow crashes in a row, this one included
     * @return whether to restart the service once more
     */
    public boolean restarts(int crashesInARow) {
        return crashesInARow <= this.maxCrashes;
    }
}

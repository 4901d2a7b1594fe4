package io.taidon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class RestartPolicyTests {

    private final RestartPolicy policy = RestartPolicy.DEFAULT;

    @Test
    void shouldDoubleTheDelayUpToTheCapWhenAServiceKeepsCrashing() {
        assertThat(IntStream.rangeClosed(1, 8).mapToObj(this.policy::delay).map(Duration::toSeconds))
            .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }

    @Test
    void shouldCountTheCrashAsTheFirstAgainWhenTheServiceStayedUpLongEnough() {
        assertThat(this.policy.crashesInARow(5, Duration.ofSeconds(61))).isEqualTo(1);
        assertThat(this.policy.crashesInARow(5, Duration.ofSeconds(10))).isEqualTo(6);
        assertThat(this.policy.crashesInARow(0, Duration.ZERO)).isEqualTo(1);
    }

    @Test
    void shouldGiveUpWhenTheServiceCrashedMoreTimesInARowThanAllowed() {
        assertThat(this.policy.restarts(8)).isTrue();
        assertThat(this.policy.restarts(9)).isFalse();
    }

    @Test
    void shouldRejectAPolicyWhenItCannotRestartAnything() {
        assertThatThrownBy(() -> new RestartPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofSeconds(60), 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(60), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

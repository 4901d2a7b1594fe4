package io.taidon.envmanager.runtime.docker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Engine API version negotiation: the engine's version, at most the newest known, at least the engine's minimum. */
class DockerEngineTests {

    @Test
    void shouldUseAnOlderEnginesOwnVersion() {
        assertThat(DockerEngine.negotiate("1.41", "1.12")).isEqualTo("1.41"); // Docker 20.10
        assertThat(DockerEngine.negotiate("1.43", null)).isEqualTo("1.43");
    }

    @Test
    void shouldCapANewerEngineAtTheNewestKnownVersionAboveItsMinimum() {
        assertThat(DockerEngine.negotiate("1.52", "1.44")).isEqualTo("1.44"); // Docker 29 refuses < 1.44
        assertThat(DockerEngine.negotiate("1.51", "1.24")).isEqualTo("1.44"); // Docker 28
        assertThat(DockerEngine.negotiate("1.60", "1.50")).as("raised to the engine's minimum").isEqualTo("1.50");
    }

    @Test
    void shouldFallBackToTheNewestKnownWhenTheEngineDoesNotSay() {
        assertThat(DockerEngine.negotiate(null, null)).isEqualTo(DockerEngine.NEWEST.getVersion());
        assertThat(DockerEngine.negotiate("garbage", "")).isEqualTo("1.44");
    }
}

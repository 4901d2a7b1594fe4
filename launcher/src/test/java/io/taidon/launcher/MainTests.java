package io.taidon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MainTests {

    @Test
    void shouldUseTheDefaultLayoutWhenNothingIsSet() {
        SuiteOptions options = Main.options(new String[] { "--root", "/repo" }, Map.of());

        assertThat(options.root()).isEqualTo(Path.of("/repo"));
        assertThat(options.home()).isEqualTo(Path.of("/repo/.taidon"));
        assertThat(options.randomPorts()).isFalse();
        assertThat(options.gatewayPort()).isEqualTo(8080);
        assertThat(options.postgresPort()).isEqualTo(15432);
        assertThat(options.javaOptions()).isEqualTo(SuiteOptions.DEFAULT_JAVA_OPTIONS);
    }

    @Test
    void shouldTakeHomeAndPortsFromTheEnvironmentWhenSet() {
        SuiteOptions options = Main.options(new String[] { "--root", "/repo" }, Map.of("TAIDON_HOME", "/data",
                "TAIDON_PORT", "9090", "TAIDON_PG_PORT", "25432", "TAIDON_JAVA_OPTS", " -Xmx1g  -Dx=y "));

        assertThat(options.home()).isEqualTo(Path.of("/data"));
        assertThat(options.gatewayPort()).isEqualTo(9090);
        assertThat(options.postgresPort()).isEqualTo(25432);
        assertThat(options.javaOptions()).containsExactly("-Xmx1g", "-Dx=y");
    }

    @Test
    void shouldPreferTheHomeArgumentAndRandomPortsWhenGiven() {
        SuiteOptions options = Main.options(new String[] { "--root", "/repo", "--home", "/elsewhere", "--ports",
                "random" }, Map.of("TAIDON_HOME", "/data"));

        assertThat(options.home()).isEqualTo(Path.of("/elsewhere"));
        assertThat(options.randomPorts()).isTrue();
    }

    @Test
    void shouldRejectBadArgumentsWhenParsing() {
        assertThatIllegalArgumentException().isThrownBy(() -> Main.options(new String[] { "--ports", "any" }, Map.of()))
            .withMessageContaining("fixed or random");
        assertThatIllegalArgumentException().isThrownBy(() -> Main.options(new String[] { "--home" }, Map.of()))
            .withMessageContaining("needs a value");
        assertThatIllegalArgumentException().isThrownBy(() -> Main.options(new String[] { "--bogus" }, Map.of()))
            .withMessageContaining("--bogus");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> Main.options(new String[0], Map.of("TAIDON_PORT", "80800")))
            .withMessageContaining("TAIDON_PORT");
    }
}

package io.taidon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Runs after every other end-to-end class (see {@code junit-platform.properties}): stops the shared suite. */
@Order(Integer.MAX_VALUE)
class SuiteShutdownIT {

    @Test
    void shouldLeaveNoProcessOrListenerBehindWhenTheSuiteIsClosed() {
        RunningSuite suite = SharedSuite.get();
        List<ProcessHandle> services = suite.serviceProcesses();
        int gatewayPort = suite.gatewayPort();
        int postgresPort = URI.create(suite.jdbcUrl().substring("jdbc:".length())).getPort();
        assertThat(services).hasSize(SuiteService.values().length).allMatch(ProcessHandle::isAlive);
        assertThat(ProcessHandle.current().descendants()).isNotEmpty();

        suite.close();

        assertThat(services).noneMatch(ProcessHandle::isAlive);
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(SuiteShutdownIT::describe))
            .isEmpty();
        for (int port : new int[] { gatewayPort, postgresPort }) {
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .as("port %d", port)
                .isInstanceOf(IOException.class);
        }
    }

    @AfterAll
    static void deleteTheDataDirectory() throws IOException {
        // a test suite's home holds PGDATA and copies of every service jar (hundreds of MB)
        Path home = SharedSuite.get().home();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static String describe(ProcessHandle process) {
        return process.pid() + " " + process.info().commandLine().orElse("?");
    }
}

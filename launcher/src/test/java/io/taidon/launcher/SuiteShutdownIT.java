package io.taidon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;

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

    private static String describe(ProcessHandle process) {
        return process.pid() + " " + process.info().commandLine().orElse("?");
    }
}

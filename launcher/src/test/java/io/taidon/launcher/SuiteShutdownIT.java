package io.taidon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Runs after every other end-to-end class (see {@code junit-platform.properties}): stops the shared suite. */
@Order(Integer.MAX_VALUE)
class SuiteShutdownIT {

    @Test
    void shouldLeaveNoProcessOrListenerBehindWhenTheSuiteIsClosed() {
        RunningSuite suite = SharedSuite.get();
        // at least one process-runtime sandbox, whatever ran before
        GatewayClient gateway = new GatewayClient(suite.gatewayUrl());
        GatewayClient.Answer anonymous = gateway.post("/api/auth/anonymous", null, null);
        assertThat(anonymous.status()).as(anonymous.text()).isEqualTo(201);
        GatewayClient.Answer run = gateway.run(anonymous.string("accessToken"), "select 1;");
        assertThat(run.status()).as(run.text()).isEqualTo(200);
        List<ProcessHandle> services = suite.serviceProcesses();
        int gatewayPort = suite.gatewayPort();
        int postgresPort = URI.create(suite.jdbcUrl().substring("jdbc:".length())).getPort();
        assertThat(services).hasSize(SuiteService.values().length).allMatch(ProcessHandle::isAlive);
        assertThat(ProcessHandle.current().descendants()).isNotEmpty();
        // PostgreSQL servers run detached (pg_ctl): the control plane's and every process-runtime sandbox's
        // postmaster is found by its data directory under the suite's home, not among this JVM's descendants
        List<ProcessHandle> postgres = postgresOf(suite.home());
        assertThat(postgres).as("postmasters of the control plane and of the other tests' sandboxes")
            .hasSizeGreaterThanOrEqualTo(2);

        suite.close();

        assertThat(services).noneMatch(ProcessHandle::isAlive);
        assertThat(postgres).noneMatch(ProcessHandle::isAlive);
        assertThat(postgresOf(suite.home()).stream().map(SuiteShutdownIT::describe)).isEmpty();
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
        TestFiles.deleteTree(SharedSuite.get().home());
    }

    /** @return the live processes whose command line names a directory under the home (postmasters: -D PGDATA) */
    private static List<ProcessHandle> postgresOf(Path home) {
        String prefix = home.toString() + "/";
        return ProcessHandle.allProcesses()
            .filter(ProcessHandle::isAlive)
            .filter(process -> process.info().commandLine().map(line -> line.contains(prefix)).orElse(false))
            .filter(process -> process.info().command().map(command -> command.endsWith("postgres")).orElse(false))
            .toList();
    }

    private static String describe(ProcessHandle process) {
        return process.pid() + " " + process.info().commandLine().orElse("?");
    }
}

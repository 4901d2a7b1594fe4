package io.taidon.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The control-plane PostgreSQL a killed launcher left running. PostgreSQL runs detached from the launcher (zonky
 * starts it with {@code pg_ctl}), so a launcher that dies without stopping it (SIGKILL, a crash) leaves the server
 * holding the data directory and its port. The next start stops it first: the process named on the first line of
 * {@code <pgdata>/postmaster.pid} (PostgreSQL's lock file, see {@code miscadmin.h}), if it is alive and a
 * {@code postgres} program, gets SIGINT (a fast shutdown: sessions are cut, everything committed stays) and, after
 * the deadline, SIGKILL.
 */
final class LeftoverPostgres {

    private LeftoverPostgres() {
    }

    /**
     * @param pgdata the control plane's data directory
     * @param deadline how long a fast shutdown may take
     * @return a line describing what was stopped, or empty when nothing ran on that directory
     */
    static Optional<String> stop(Path pgdata, Duration deadline) {
        Optional<ProcessHandle> leftover = find(pgdata);
        if (leftover.isEmpty()) {
            return Optional.empty();
        }
        ProcessHandle postmaster = leftover.get();
        long start = System.nanoTime();
        boolean fast = signal(postmaster, "INT");
        try {
            postmaster.onExit().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException | ExecutionException ex) {
            fast = false;
            postmaster.destroyForcibly();
            postmaster.onExit().join();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while stopping the leftover PostgreSQL " + postmaster.pid(), ex);
        }
        return Optional.of("taidon: stopped the control-plane PostgreSQL a previous run left running (pid "
                + postmaster.pid() + ", " + (fast ? "fast shutdown" : "killed") + ", "
                + Suite.seconds(Duration.ofNanos(System.nanoTime() - start)) + ")");
    }

    /**
     * @param pgdata a data directory
     * @return the live {@code postgres} process that holds it, if any
     */
    static Optional<ProcessHandle> find(Path pgdata) {
        Path lock = pgdata.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(lock, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            return Optional.empty();
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        }
        catch (NumberFormatException ex) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .filter(process -> process.info().command().map(command -> command.endsWith("postgres")).orElse(false));
    }

    private static boolean signal(ProcessHandle process, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
            if (kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                return true;
            }
        }
        catch (IOException ex) {
            // no kill(1): fall back to SIGTERM, PostgreSQL's smart shutdown
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        process.destroy();
        return true;
    }
}

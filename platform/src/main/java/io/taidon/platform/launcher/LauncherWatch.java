package io.taidon.platform.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Shuts the service down when its launcher is gone. With {@code taidon.platform.exit-when-stdin-closes=true} (set
 * by the launcher, which holds the write end of the service's standard input open and never writes to it), a daemon
 * thread reads standard input; end of file means the launcher exited, even by SIGKILL, and the service then exits
 * through {@link System#exit(int)} with status 0, so Spring closes the context gracefully (env-manager stops its
 * sandboxes). Off by default: a service started any other way (tests, containers, a terminal) never reads its
 * standard input.
 */
public class LauncherWatch implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    /** The property that turns the watch on. */
    public static final String PROPERTY = "taidon.platform.exit-when-stdin-closes";

    private static final Logger log = LoggerFactory.getLogger(LauncherWatch.class);

    // a Spring Cloud bootstrap context prepares an environment too: one watch per JVM
    private static final AtomicBoolean WATCHING = new AtomicBoolean();

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (!event.getEnvironment().getProperty(PROPERTY, Boolean.class, false) || !WATCHING.compareAndSet(false,
                true)) {
            return;
        }
        Thread watch = new Thread(() -> watch(System.in), "taidon-launcher-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static void watch(InputStream stdin) {
        byte[] buffer = new byte[256];
        try {
            while (stdin.read(buffer) >= 0) {
                // the launcher never writes; anything read is ignored
            }
        }
        catch (IOException ex) {
            log.debug("standard input failed", ex);
        }
        log.warn("the launcher is gone (standard input closed): shutting down");
        System.exit(0);
    }
}

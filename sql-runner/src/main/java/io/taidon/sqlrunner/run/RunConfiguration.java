package io.taidon.sqlrunner.run;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of the run feature. */
@Configuration(proxyBeanMethods = false)
class RunConfiguration {

    /** @return the timer that cancels statements at their deadlines */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService statementDeadlines() {
        return Executors.newScheduledThreadPool(2, Thread.ofPlatform().name("statement-deadline-", 0).daemon().factory());
    }
}

package io.taidon.sqlrunner.run;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.taidon.sqlrunner.execution.ResultMemory;
import io.taidon.sqlrunner.config.SqlRunnerProperties;

/** Wiring of the run feature. */
@Configuration(proxyBeanMethods = false)
class RunConfiguration {

    /** @return the bytes of results all runs may hold at once ({@code taidon.sql-runner.result-memory}) */
    @Bean
    ResultMemory resultMemory(SqlRunnerProperties properties, MeterRegistry registry) {
        ResultMemory memory = new ResultMemory(properties.resultMemory().toBytes());
        Gauge.builder("taidon.runs.result.memory.available", memory, ResultMemory::available)
            .description("Bytes of results the runs in progress may still take from the shared pool")
            .baseUnit("bytes")
            .register(registry);
        return memory;
    }

    /** @return the timer that cancels statements at their deadlines */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService statementDeadlines() {
        return Executors.newScheduledThreadPool(2, Thread.ofPlatform().name("statement-deadline-", 0).daemon().factory());
    }
}

package io.taidon.sqlrunner;

import java.util.TimeZone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of sql-runner. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SqlRunnerApplication {

    /**
     * @param args Spring Boot command-line arguments
     */
    public static void main(String[] args) {
        // pgjdbc sends the JVM's zone as the learner session's TimeZone: make it the same on every host
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        SpringApplication.run(SqlRunnerApplication.class, args);
    }
}

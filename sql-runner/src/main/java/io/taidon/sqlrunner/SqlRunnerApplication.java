package io.taidon.sqlrunner;

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
        SpringApplication.run(SqlRunnerApplication.class, args);
    }
}

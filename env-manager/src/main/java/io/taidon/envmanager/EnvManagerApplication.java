package io.taidon.envmanager;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of env-manager. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EnvManagerApplication {

    /**
     * @param args Spring Boot command-line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(EnvManagerApplication.class, args);
    }
}

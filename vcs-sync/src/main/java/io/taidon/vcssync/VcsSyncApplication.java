package io.taidon.vcssync;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of vcs-sync. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class VcsSyncApplication {

    /**
     * @param args Spring Boot command-line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(VcsSyncApplication.class, args);
    }
}

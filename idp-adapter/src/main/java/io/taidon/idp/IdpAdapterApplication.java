package io.taidon.idp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of idp-adapter. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IdpAdapterApplication {

    /**
     * @param args Spring Boot command-line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(IdpAdapterApplication.class, args);
    }
}

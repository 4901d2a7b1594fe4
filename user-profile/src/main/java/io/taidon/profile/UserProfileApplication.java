package io.taidon.profile;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of user-profile. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class UserProfileApplication {

    /**
     * @param args Spring Boot command-line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(UserProfileApplication.class, args);
    }
}

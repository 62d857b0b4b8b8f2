package io.rollcall.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Rollcall: live classroom attendance, event-sourced on MongoDB. */
@SpringBootApplication(scanBasePackages = "io.rollcall", exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class RollcallApplication {

    static {
        // Axon's anonymous usage reporting calls out to the internet; a school's server has no business doing so
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
    }

    public static void main(String[] args) {
        SpringApplication.run(RollcallApplication.class, args);
    }
}

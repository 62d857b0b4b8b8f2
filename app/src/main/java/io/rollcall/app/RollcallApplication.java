package io.rollcall.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Rollcall: live classroom attendance, event-sourced on MongoDB. */
@SpringBootApplication(scanBasePackages = "io.rollcall")
@ConfigurationPropertiesScan
public class RollcallApplication {

    public static void main(String[] args) {
        SpringApplication.run(RollcallApplication.class, args);
    }
}

package io.rollcall.app.ops;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * {@code LOG_FORMAT=json} switches the console to Boot's structured ECS JSON lines
 * ({@code logging.structured.format.console=ecs}); anything else (or unset) keeps the human-readable format.
 * Runs before the logging system is initialized (environment post-processors come first).
 */
public class LogFormatEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String PROPERTY = "logging.structured.format.console";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String format = environment.getProperty("LOG_FORMAT", "");
        if ("json".equalsIgnoreCase(format.trim()) && !environment.containsProperty(PROPERTY)) {
            environment.getPropertySources().addLast(new MapPropertySource("rollcallLogFormat",
                    Map.of(PROPERTY, "ecs")));
        }
    }
}

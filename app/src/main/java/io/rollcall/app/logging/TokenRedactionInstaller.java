package io.rollcall.app.logging;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Adds the {@link TokenRedactingTurboFilter} to logback right after Spring Boot has (re)configured it, which
 * resets logback's filters; registered in META-INF/spring.factories so it runs before any bean logs.
 */
public class TokenRedactionInstaller implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback
                && logback.getTurboFilterList().stream().noneMatch(TokenRedactingTurboFilter.class::isInstance)) {
            TokenRedactingTurboFilter filter = new TokenRedactingTurboFilter();
            filter.setContext(logback);
            filter.start();
            logback.addTurboFilter(filter);
        }
    }

    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1; // just after the logging system is initialized
    }
}

package io.rollcall.app.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.rollcall.api.user.Role;
import io.rollcall.app.ws.SocketRegistry;
import io.rollcall.app.axon.ReadYourWrites;
import io.rollcall.app.eventstore.RecentEventsStorage;
import io.rollcall.query.ActiveSessionIndex;
import io.rollcall.app.axon.ProcessorsConfig;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Locale;

/** Gauges read at scrape time from the state the app already keeps in memory. */
@Configuration(proxyBeanMethods = false)
public class GaugesConfig {

    @Bean
    public MeterBinder rollcallGauges(SocketRegistry sockets, ActiveSessionIndex sessions, ReadYourWrites views,
                                      RecentEventsStorage events, ApplicationContext context) {
        return registry -> {
            for (Role role : Role.values()) {
                Gauge.builder("rollcall.sockets", sockets, s -> s.connected(role))
                        .description("Open WebSocket connections by role")
                        .tag("role", role.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
            Gauge.builder("rollcall.sessions.active", sessions, ActiveSessionIndex::activeSessionCount)
                    .description("Attendance sessions currently open")
                    .register(registry);
            for (String projection : ProcessorsConfig.projections(context)) {
                Gauge.builder("rollcall.event.processor.lag", () -> lag(views, projection, events))
                        .description("Events appended by this process that the projection has not handled yet"
                                + " (-1: it is still reading what was stored before)")
                        .tag("processor", projection)
                        .register(registry);
            }
        };
    }

    private static double lag(ReadYourWrites views, String projection, RecentEventsStorage events) {
        return views.projections().stream().filter(p -> p.getName().equals(projection))
                .flatMap(p -> p.processingStatus().values().stream())
                .mapToInt(status -> events.unseenCount(status.getTrackingToken()).orElse(-1))
                .max().orElse(-1);
    }
}

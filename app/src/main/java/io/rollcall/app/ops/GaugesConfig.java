package io.rollcall.app.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.rollcall.api.user.Role;
import io.rollcall.app.ws.SocketRegistry;
import io.rollcall.query.LiveSessionProjection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Locale;

/** Gauges read at scrape time from the state the app already keeps in memory. */
@Configuration(proxyBeanMethods = false)
public class GaugesConfig {

    @Bean
    public MeterBinder rollcallGauges(SocketRegistry sockets, LiveSessionProjection sessions) {
        return registry -> {
            for (Role role : Role.values()) {
                Gauge.builder("rollcall.sockets", sockets, s -> s.connected(role))
                        .description("Open WebSocket connections by role")
                        .tag("role", role.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
            Gauge.builder("rollcall.sessions.active", sessions, LiveSessionProjection::activeSessionCount)
                    .description("Attendance sessions currently open")
                    .register(registry);
            // Projections are subscribing processors: they run in the command's own thread, before it returns,
            // so they can never fall behind the event store. The lag is 0 by construction.
            Gauge.builder("rollcall.event.processor.lag", () -> 0)
                    .description("Events stored but not yet projected (always 0: projections are subscribing)")
                    .register(registry);
        };
    }
}

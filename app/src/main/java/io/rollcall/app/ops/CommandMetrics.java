package io.rollcall.app.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.rollcall.api.CommandRejectedException;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code rollcall_commands_total{command, outcome}}: every command handled on the bus, counted once its unit of
 * work ends. {@code ok} when it committed (events stored and projected), {@code rejected} when a rule refused it
 * ({@link CommandRejectedException}), {@code error} for anything else, including a failing projection.
 */
@Component
public class CommandMetrics {

    private final MeterRegistry registry;
    /**
     * The counters by command and outcome, registered once: building one per command allocated its id and tags
     * and looked it up in the registry on every mark ({@code MeterRegistry.getOrCreateMeter} was the longest
     * compilation in one first run's marks, docs/performance.md).
     */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public CommandMetrics(CommandBus commandBus, MeterRegistry registry) {
        this.registry = registry;
        commandBus.registerHandlerInterceptor((UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                                               org.axonframework.messaging.InterceptorChain chain) -> {
            String command = unitOfWork.getMessage().getPayloadType().getSimpleName();
            unitOfWork.afterCommit(u -> count(command, "ok"));
            unitOfWork.onRollback(u -> {
                Throwable cause = u.getExecutionResult() == null ? null : u.getExecutionResult().getExceptionResult();
                boolean rejected = cause != null && CommandRejectedException.findIn(cause).isPresent();
                count(command, rejected ? "rejected" : "error");
            });
            return chain.proceed();
        });
    }

    private void count(String command, String outcome) {
        counters.computeIfAbsent(command + "/" + outcome, key -> Counter.builder("rollcall.commands")
                .description("Commands handled, by command and outcome (ok, rejected, error)")
                .tag("command", command)
                .tag("outcome", outcome)
                .register(registry)).increment();
    }
}

package io.rollcall.app.axon;

import org.axonframework.eventhandling.TrackingEventProcessor;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code java -jar rollcall.jar --rebuild=<name|all>}: rebuilds the named projections (or all) from the
 * whole event history (see {@link ProjectionRebuilds}), reports progress, and exits (0 on success, 2 for an
 * unknown name).
 */
@Component
public class RebuildCommand implements ApplicationRunner {

    public static final String OPTION = "rebuild";
    static final int REPORT_EVERY = 10_000;

    private final ProjectionRebuilds rebuilds;
    private final ApplicationContext context;

    public RebuildCommand(ProjectionRebuilds rebuilds, ApplicationContext context) {
        this.rebuilds = rebuilds;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!args.containsOption(OPTION)) {
            return;
        }
        int code = rebuild(args.getOptionValues(OPTION).isEmpty() ? "" : args.getOptionValues(OPTION).get(0),
                System.out);
        System.exit(SpringApplication.exit(context, () -> code));
    }

    /** @return the process exit code */
    int rebuild(String which, PrintStream out) {
        List<TrackingEventProcessor> targets = rebuilds.resolve(which);
        if (targets.isEmpty()) {
            out.println("Unknown projection '" + which + "'. Known: all, " + String.join(", ", rebuilds.names()));
            return 2;
        }
        out.println("Rebuilding " + targets.stream().map(TrackingEventProcessor::getName).toList());
        boolean done = rebuilds.rebuildNow(targets, (n, total, rate) -> {
            if (n % REPORT_EVERY == 0) {
                out.printf("  %d / %d events, %.0f events/s%n", n, total, rate);
            }
        });
        if (!done) {
            out.println("Another rebuild is running");
            return 1;
        }
        ProjectionRebuilds.Progress result = rebuilds.lastRebuild().orElseThrow();
        out.printf("Rebuilt %s: %d events (%.0f events/s)%n", result.projections(), result.processed(),
                result.eventsPerSecond());
        return 0;
    }
}

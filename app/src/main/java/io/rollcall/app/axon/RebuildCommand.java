package io.rollcall.app.axon;

import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code java -jar rollcall.jar --rebuild=<name|all>}: empties the named projections (or all), fills them again
 * from the whole event history, reports progress, and exits (0 on success, 2 for an unknown name).
 */
@Component
public class RebuildCommand implements ApplicationRunner {

    public static final String OPTION = "rebuild";
    static final int REPORT_EVERY = 10_000;

    private final ProjectionReplayer replayer;
    private final ProjectionStatus status;
    private final MongoDatabase database;
    private final ApplicationContext context;

    public RebuildCommand(ProjectionReplayer replayer, ProjectionStatus status, MongoDatabase database,
                          ApplicationContext context) {
        this.replayer = replayer;
        this.status = status;
        this.database = database;
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
        List<SubscribingEventProcessor> all = replayer.projections();
        List<SubscribingEventProcessor> targets = "all".equals(which) ? all
                : all.stream().filter(p -> p.getName().equals(which)).toList();
        if (targets.isEmpty()) {
            out.println("Unknown projection '" + which + "'. Known: all, "
                    + String.join(", ", all.stream().map(SubscribingEventProcessor::getName).toList()));
            return 2;
        }
        long total = database.getCollection(ProjectionCatchUp.EVENTS).estimatedDocumentCount();
        List<String> names = targets.stream().map(SubscribingEventProcessor::getName).toList();
        out.println("Rebuilding " + names + " from " + total + " events");
        targets.forEach(p -> {
            status.markUnbuilt(p.getName());
            replayer.reset(p);
        });
        long started = System.nanoTime();
        long applied = replayer.replay(null, targets, n -> {
            if (n % REPORT_EVERY == 0) {
                out.printf("  %d / %d events, %.0f events/s%n", n, total, n / seconds(started));
            }
        });
        targets.forEach(p -> status.markBuilt(p.getName(), applied));
        out.printf("Rebuilt %s: %d events in %.1f s (%.0f events/s)%n", names, applied, seconds(started),
                applied / Math.max(seconds(started), 1e-9));
        return 0;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}

package io.rollcall.app;

import io.rollcall.app.axon.RebuildCommand;
import io.rollcall.app.ops.Rehearsal;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.util.Arrays;

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
        boolean rebuild = Arrays.stream(args).anyMatch(a -> a.startsWith("--" + RebuildCommand.OPTION));
        // a rebuild is a one-off command: it must not take the service's port
        String[] effective = rebuild ? concat(args, "--server.port=0") : args;
        // before the port opens: the service answers ready only once its hot path is compiled
        int rehearsal = rebuild ? 0 : Rehearsal.marks(args, System.getenv());
        if (rehearsal > 0) {
            Rehearsal.run(RollcallApplication.class, rehearsal, Rehearsal.clustered(args, System.getenv()));
        }
        SpringApplication.run(RollcallApplication.class, effective);
    }

    private static String[] concat(String[] args, String extra) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = extra;
        return all;
    }
}

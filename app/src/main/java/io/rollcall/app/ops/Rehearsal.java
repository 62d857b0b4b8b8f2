package io.rollcall.app.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Before the service starts, a throwaway copy of it (embedded MongoDB on a temporary directory, a random port) is
 * driven through the hot path by a {@link RehearsalClient}: sign-ups, a class, a session, marks over WebSockets,
 * DONE. The JIT compiles that path then, so the real service does not answer ready until a mark costs what it
 * costs warm (docs/performance.md: the first 2,500 marks after a cold start cost twice the CPU). Nothing of the
 * copy reaches the real database: it never sees DB_URL, and its directory is deleted afterwards.
 *
 * <p>{@code WARMUP_MARKS} (or {@code --rollcall.warmup.marks=N}) sets how many marks; 0 skips it. It is
 * best-effort: a rehearsal that fails or overruns {@link #TIME_LIMIT} is logged and the service starts anyway.
 */
public final class Rehearsal {

    private static final Logger log = LoggerFactory.getLogger(Rehearsal.class);
    public static final String OPTION = "rollcall.warmup.marks";
    static final String VARIABLE = "WARMUP_MARKS";
    static final int DEFAULT_MARKS = 3_000;
    static final Duration TIME_LIMIT = Duration.ofSeconds(120);

    private Rehearsal() {
    }

    /** How many marks to rehearse: the command line's option, else the environment's, else the default. */
    public static int marks(String[] args, Map<String, String> environment) {
        String value = null;
        for (String arg : args) {
            if (arg.startsWith("--" + OPTION + "=")) {
                value = arg.substring(OPTION.length() + 3);
            }
        }
        if (value == null) {
            value = environment.get(VARIABLE);
        }
        try {
            return value == null || value.isBlank() ? DEFAULT_MARKS : Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(VARIABLE + " must be a whole number of marks, not: " + value);
        }
    }

    /** Starts a copy of {@code application}, rehearses {@code marks} marks on it, stops it; true if all went. */
    public static boolean run(Class<?> application, int marks) {
        long start = System.nanoTime();
        Path directory = null;
        ConfigurableApplicationContext copy = null;
        try {
            directory = Files.createTempDirectory("rollcall-rehearsal-");
            log.info("Rehearsing {} marks on a throwaway copy before the service starts (WARMUP_MARKS=0 skips this)",
                    marks);
            SpringApplication app = new SpringApplication(application);
            app.setRegisterShutdownHook(false);
            // command-line arguments, so that no environment variable (DB_URL, PORT, CLUSTER...) reaches the copy
            copy = app.run("--server.port=0", "--server.address=127.0.0.1", "--rollcall.db-url=",
                    "--rollcall.embedded-backend=h2", "--rollcall.data-dir=" + directory, "--rollcall.jwt-secret=",
                    "--rollcall.ops-token=", "--rollcall.cluster.enabled=false",
                    "--rollcall.cluster.embedded-mongo-port=0", "--rollcall.throttle.signups-per-address=100000/1m",
                    "--rollcall.throttle.signups-per-email=100000/1m",
                    "--rollcall.ws.messages-per-socket=1000000/1s", "--management.metrics.use-global-registry=false",
                    "--logging.level.root=WARN", "--logging.level.de.bwaldvogel.mongo=ERROR",
                    "--logging.level.io.rollcall.app.ops.Rehearsal=INFO");
            int port = ((WebServerApplicationContext) copy).getWebServer().getPort();
            long deadline = start + TIME_LIMIT.toNanos();
            int done = new RehearsalClient("http://127.0.0.1:" + port, deadline).rehearse(marks);
            log.info("Rehearsal: {} marks in {} s; starting the service", done,
                    Duration.ofNanos(System.nanoTime() - start).toSeconds());
            return done == marks;
        } catch (Exception | LinkageError e) {
            log.warn("The rehearsal stopped early ({}); the service starts anyway, its first marks cost more", e.toString());
            return false;
        } finally {
            if (copy != null) {
                copy.close();
            }
            deleteQuietly(directory);
        }
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            FileSystemUtils.deleteRecursively(directory);
        } catch (IOException e) {
            log.warn("Could not delete the rehearsal's directory {}: {}", directory, e.toString());
        }
    }
}

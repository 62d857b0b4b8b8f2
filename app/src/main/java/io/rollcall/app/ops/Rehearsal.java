package io.rollcall.app.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * Before the service starts, a throwaway copy of it (embedded MongoDB on a temporary directory, a random port) is
 * driven through the hot path by a {@link RehearsalClient}: sign-ups, a class, sessions of marks over WebSockets,
 * each ended by DONE. The JIT compiles that path then, so the real service does not answer ready until a mark costs
 * what it costs warm (docs/performance.md: the first 2,500 marks after a cold start cost twice the CPU). Nothing of
 * the copy reaches the real database: it never sees DB_URL, and its directory is deleted afterwards.
 *
 * <p>A node that will share its database with others rehearses on two copies, one serving its embedded MongoDB
 * to the other, the teacher on one and the students on the other: a cluster node's hot and idle paths (the
 * change stream, reads of the store instead of memory, claims, heartbeats) are others than a single node's.
 *
 * <p>{@code WARMUP_MARKS} (or {@code --rollcall.warmup.marks=N}) sets how many marks; 0 skips it. It is
 * best-effort: a rehearsal that fails or overruns {@link #TIME_LIMIT} is logged and the service starts anyway.
 */
public final class Rehearsal {

    private static final Logger log = LoggerFactory.getLogger(Rehearsal.class);
    public static final String OPTION = "rollcall.warmup.marks";
    static final String VARIABLE = "WARMUP_MARKS";
    /**
     * The one C2 thread of a 2-core machine is busy through the whole rehearsal, and while its queue is long it
     * takes a method called once per mark only after 10,000 calls and more; 20,000 marks instead of 7,000 took the
     * first real run's median from 4.8 to 4.2 ms of CPU per mark (7 and 6 servers), for about 20 s more start-up
     * (docs/performance.md, "Why the rehearsal leaves per-mark methods for the first run"; before that, "The
     * rehearsal's length").
     */
    static final int DEFAULT_MARKS = 20_000;
    static final int CLUSTER_DEFAULT_MARKS = 1_000;
    static final Duration TIME_LIMIT = Duration.ofSeconds(120);
    private static final String CLUSTER_OPTION = "rollcall.cluster.enabled";
    private static final String PORT_OPTION = "rollcall.cluster.embedded-mongo-port";

    private Rehearsal() {
    }

    /**
     * How many marks to rehearse: the command line's option, else the environment's, else the default (fewer on
     * a cluster node: its marks take longer to rehearse, and 1,000 took the cold tail as far as 3,000 did).
     */
    public static int marks(String[] args, Map<String, String> environment) {
        String value = option(args, OPTION, environment.get(VARIABLE));
        int byDefault = clustered(args, environment) ? CLUSTER_DEFAULT_MARKS : DEFAULT_MARKS;
        try {
            return value == null || value.isBlank() ? byDefault : Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(VARIABLE + " must be a whole number of marks, not: " + value);
        }
    }

    /**
     * Whether this node will share its database with other nodes ({@code CLUSTER=true}, or its embedded MongoDB
     * served on {@code EMBEDDED_MONGO_PORT}): it then runs the cluster's paths, so those are what it rehearses.
     * Read from the command line, else the environment, as {@link #marks} is.
     */
    public static boolean clustered(String[] args, Map<String, String> environment) {
        String enabled = option(args, CLUSTER_OPTION, environment.get("CLUSTER"));
        String port = option(args, PORT_OPTION, environment.get("EMBEDDED_MONGO_PORT"));
        return "true".equalsIgnoreCase(enabled == null ? "" : enabled.trim()) || positive(port);
    }

    private static boolean positive(String port) {
        try {
            return port != null && Integer.parseInt(port.trim()) > 0;
        } catch (NumberFormatException e) {
            return false; // the service itself refuses it with a clear error when it binds the setting
        }
    }

    private static String option(String[] args, String name, String otherwise) {
        String value = otherwise;
        for (String arg : args) {
            if (arg.startsWith("--" + name + "=")) {
                value = arg.substring(name.length() + 3);
            }
        }
        return value;
    }

    /** Rehearses on one copy, as a single node runs. */
    public static boolean run(Class<?> application, int marks) {
        return run(application, marks, false);
    }

    /**
     * Starts a copy of {@code application} (with {@code clustered}: two copies, the second joining the first's
     * embedded MongoDB, the teacher on one and the students on the other), rehearses {@code marks} marks on it,
     * stops it; true if all went.
     */
    public static boolean run(Class<?> application, int marks, boolean clustered) {
        long start = System.nanoTime();
        Path directory = null;
        ConfigurableApplicationContext serving = null;
        ConfigurableApplicationContext joining = null;
        try {
            directory = Files.createTempDirectory("rollcall-rehearsal-");
            log.info("Rehearsing {} marks on {} before the service starts (WARMUP_MARKS=0 skips this)", marks,
                    clustered ? "two throwaway copies sharing a database" : "a throwaway copy");
            String secret = randomSecret(); // both copies must accept one another's tokens
            if (!clustered) {
                serving = copy(application, directory, secret, "", false, 0);
            } else {
                int databasePort = freePort();
                serving = copy(application, directory, secret, "", true, databasePort);
                joining = copy(application, directory.resolve("joining"), secret,
                        "mongodb://127.0.0.1:" + databasePort + "/rollcall", true, 0);
            }
            long deadline = start + TIME_LIMIT.toNanos();
            int done;
            try (RehearsalClient client = new RehearsalClient(url(serving), url(joining == null ? serving : joining),
                    deadline)) {
                done = client.rehearse(marks);
            }
            log.info("Rehearsal: {} marks in {} s; starting the service", done,
                    Duration.ofNanos(System.nanoTime() - start).toSeconds());
            return done == marks;
        } catch (Exception | LinkageError e) {
            log.warn("The rehearsal stopped early ({}); the service starts anyway, its first marks cost more", e.toString());
            return false;
        } finally {
            if (joining != null) {
                joining.close(); // before the copy whose database it uses
            }
            if (serving != null) {
                serving.close();
            }
            deleteQuietly(directory);
        }
    }

    /**
     * One copy; every setting is a command-line argument, so that no environment variable (DB_URL, PORT,
     * CLUSTER...) reaches it. An empty {@code databaseUrl} is the embedded MongoDB (H2, in {@code directory}).
     */
    private static ConfigurableApplicationContext copy(Class<?> application, Path directory, String secret,
                                                       String databaseUrl, boolean cluster, int databasePort) {
        String[] args = {"--server.port=0", "--server.address=127.0.0.1", "--rollcall.db-url=" + databaseUrl,
                "--rollcall.cluster.enabled=" + cluster, "--rollcall.cluster.embedded-mongo-port=" + databasePort,
                "--rollcall.embedded-backend=h2", "--rollcall.data-dir=" + directory,
                "--rollcall.jwt-secret=" + secret, "--rollcall.ops-token=",
                "--rollcall.throttle.signups-per-address=100000/1m", "--rollcall.throttle.signups-per-email=100000/1m",
                "--rollcall.ws.messages-per-socket=1000000/1s", "--management.metrics.use-global-registry=false",
                "--logging.level.root=WARN", "--logging.level.de.bwaldvogel.mongo=ERROR",
                "--logging.level.io.rollcall.app.ops.Rehearsal=INFO"};
        SpringApplication app = new SpringApplication(application);
        app.setRegisterShutdownHook(false);
        return app.run(args);
    }

    private static String url(ConfigurableApplicationContext copy) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) copy).getWebServer().getPort();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A loopback port free right now, for the serving copy's embedded MongoDB (the joining copy must know it). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
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

package io.rollcall.app.cluster;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.rollcall.app.RollcallApplication;
import io.rollcall.app.support.RollcallTest;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.List;

/** Nodes of a cluster in tests: a plain mongo-java-server as their shared database, and how a node starts on it. */
final class ClusterNodes {

    private ClusterNodes() {
    }

    /** A memory-backed mongo-java-server with its oplog on (change streams need it), bound to a free port. */
    static MongoServer sharedDatabase() {
        MemoryBackend backend = new MemoryBackend();
        backend.enableOplog();
        MongoServer database = new MongoServer(backend);
        database.bind("127.0.0.1", 0);
        return database;
    }

    static String dbUrl(MongoServer database) {
        return "mongodb://127.0.0.1:" + database.getLocalAddress().getPort() + "/rollcall";
    }

    /** A node's arguments: cluster mode on that database, the tests' JWT secret, sign-ups not throttled. */
    static List<String> arguments(String dbUrl, int port) {
        return List.of("--server.port=" + port, "--rollcall.db-url=" + dbUrl, "--rollcall.cluster.enabled=true",
                "--rollcall.jwt-secret=" + RollcallTest.JWT_SECRET,
                "--rollcall.throttle.signups-per-address=1000000/1m");
    }

    /** A node in this JVM, on a random port, with more arguments if given. */
    static ConfigurableApplicationContext start(String dbUrl, String... more) {
        List<String> arguments = new java.util.ArrayList<>(arguments(dbUrl, 0));
        arguments.addAll(List.of(more));
        return new SpringApplicationBuilder(RollcallApplication.class).run(arguments.toArray(String[]::new));
    }

    static int port(ConfigurableApplicationContext node) {
        return Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
    }
}

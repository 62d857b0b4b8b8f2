package io.rollcall.app.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Whether other Rollcall nodes share this node's database ({@code CLUSTER=true}), and the fixed loopback port
 * on which the embedded MongoDB serves them ({@code EMBEDDED_MONGO_PORT}; 0 keeps it on a random, private
 * port). Exposing the embedded database makes this node part of a cluster. In a cluster, each projection that
 * allows it is split into {@code PROJECTION_SEGMENTS} segments, which the nodes share out.
 */
@ConfigurationProperties(prefix = "rollcall.cluster")
public record ClusterSettings(boolean enabled, int embeddedMongoPort, int projectionSegments) {

    /** Another process may append events: nothing may assume this node saw every event it did not store. */
    public boolean shared() {
        return enabled || embeddedMongoPort > 0;
    }

    /** Segments of a projection that may be split: one on a single node (nobody to share them with). */
    public int segmentsPerProjection() {
        return shared() ? Math.max(1, projectionSegments) : 1;
    }
}

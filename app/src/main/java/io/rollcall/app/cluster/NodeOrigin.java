package io.rollcall.app.cluster;

import io.rollcall.app.config.ClusterSettings;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.UUID;

/**
 * Names this node in the metadata of every event it stores, when nodes share the database: a node following the
 * event collection tells the events it stored itself (already handled in the command's thread) from those of
 * other nodes.
 */
@Component
public class NodeOrigin implements CorrelationDataProvider {

    /** Event metadata: the node that stored the event. */
    public static final String NODE = "node";

    private final String id = UUID.randomUUID().toString();
    private final boolean shared;

    public NodeOrigin(ClusterSettings cluster) {
        this.shared = cluster.shared();
    }

    public String id() {
        return id;
    }

    /** Whether this node stored {@code event}. */
    public boolean stored(Message<?> event) {
        return id.equals(event.getMetaData().get(NODE));
    }

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        return shared ? Map.of(NODE, id) : Map.of();
    }
}

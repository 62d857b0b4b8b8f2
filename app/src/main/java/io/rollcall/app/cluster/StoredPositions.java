package io.rollcall.app.cluster;

import io.rollcall.app.eventstore.RecentEventsStorage;
import io.rollcall.app.eventstore.StoredEvents;
import com.mongodb.client.model.Filters;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The projections' positions as stored in the shared token store, read without claiming anything: when nodes
 * share the database, a projection may run on any of them, and what it has handled shows only there (each node
 * stores a position after every batch, once the batch's writes landed).
 */
@Component
public class StoredPositions {

    private final MongoTemplate template;
    private final Serializer serializer;
    private final RecentEventsStorage events;

    public StoredPositions(MongoTemplate axonMongoTemplate, Serializer serializer, RecentEventsStorage events) {
        this.template = axonMongoTemplate;
        this.serializer = serializer;
        this.events = events;
    }

    /** Whether every segment of every named projection has a stored position past all of {@code newest}. */
    public boolean allHaveSeen(Collection<String> projections, List<StoredEvents.Newest> newest) {
        return behind(projections, newest).isEmpty();
    }

    /** As {@link #allHaveSeen(Collection, List)}, a segment this node runs judged by its position in memory. */
    public boolean allHaveSeen(Collection<String> projections, List<StoredEvents.Newest> newest,
                               BiFunction<String, Integer, TrackingToken> runningHere) {
        return behind(projections, newest, runningHere).isEmpty();
    }

    /** The named projections whose stored position is not past all of {@code newest} (or that have none). */
    public List<String> behind(Collection<String> projections, List<StoredEvents.Newest> newest) {
        return behind(projections, newest, (projection, segment) -> null);
    }

    /**
     * The named projections not past all of {@code newest}. A segment this node runs counts with its position in
     * memory ({@code runningHere}, null for a segment it does not run): that one moves past events the projection
     * ignores at once, while the stored one waits for the next event it handles or the end of the processor's
     * wait for one (200 ms in a cluster); both move only once the batch's writes landed.
     */
    public List<String> behind(Collection<String> projections, List<StoredEvents.Newest> newest,
                               BiFunction<String, Integer, TrackingToken> runningHere) {
        Set<String> notPast = new HashSet<>(projections); // until a row shows it past (rows of all, one read)
        Set<String> behind = new HashSet<>();
        for (Document row : template.trackingTokensCollection()
                .find(Filters.in("processorName", projections))) {
            String projection = row.getString("processorName");
            TrackingToken here = runningHere.apply(projection, row.getInteger("segment", 0));
            if (hasSeen(here != null ? here : tokenOf(row), newest)) {
                notPast.remove(projection);
            } else {
                behind.add(projection); // every segment must be past
            }
        }
        behind.addAll(notPast); // no row: never claimed yet
        return projections.stream().filter(behind::contains).toList();
    }

    /** A segment of a projection and the node whose claim on it is live (null: unclaimed, or the claim lapsed). */
    public record Claim(String projection, int segment, String owner) {
    }

    /** Every stored segment of the named projections, with its live owner; a claim older than the timeout lapsed. */
    public List<Claim> claims(Collection<String> projections, Duration claimTimeout, long nowMillis) {
        List<Claim> claims = new ArrayList<>();
        for (Document row : template.trackingTokensCollection().find(Filters.in("processorName", projections))
                .projection(new Document("processorName", 1).append("segment", 1).append("owner", 1)
                        .append("timestamp", 1))) {
            Object at = row.get("timestamp");
            boolean live = row.getString("owner") != null && at instanceof Number millis
                    && millis.longValue() >= nowMillis - claimTimeout.toMillis();
            claims.add(new Claim(row.getString("processorName"), row.getInteger("segment", 0),
                    live ? row.getString("owner") : null));
        }
        return claims;
    }

    private boolean hasSeen(TrackingToken token, List<StoredEvents.Newest> newest) {
        return newest.stream().allMatch(event -> events.hasSeen(token, event.eventId(), event.timestamp()));
    }

    private TrackingToken tokenOf(Document row) {
        Object token = row.get("token");
        String type = row.getString("tokenType");
        if (token == null || type == null) {
            return null;
        }
        byte[] bytes = token instanceof Binary binary ? binary.getData()
                : token instanceof byte[] raw ? raw : token.toString().getBytes(StandardCharsets.UTF_8);
        return serializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class, type, null));
    }
}

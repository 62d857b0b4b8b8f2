package io.rollcall.query;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import jakarta.annotation.PostConstruct;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The secondary indexes of the read collections, for the few reads that do not go by {@code _id}: the list of
 * students ({@code users} by role) and the active sessions loaded at start-up ({@code sessions} by state).
 * Every history read is a key lookup and needs none. Created at start-up: createIndex does nothing when the
 * index exists. The embedded server accepts them but does not use them (it has unique indexes only); there
 * these two reads scan users or sessions, never the history of marks.
 */
@Component
public class ReadModelIndexes {

    /** A collection and the keys of one index on it. */
    public record Index(String collection, Bson keys) {
    }

    public static final List<Index> INDEXES = List.of(
            new Index(ReadCollections.USERS, Indexes.ascending("role")),
            new Index(ReadCollections.SESSIONS, Indexes.ascending("state")));

    private final MongoDatabase database;

    public ReadModelIndexes(MongoDatabase database) {
        this.database = database;
    }

    @PostConstruct
    public void create() {
        INDEXES.forEach(index -> database.getCollection(index.collection()).createIndex(index.keys()));
    }
}

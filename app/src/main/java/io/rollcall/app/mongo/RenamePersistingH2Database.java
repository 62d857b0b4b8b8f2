package io.rollcall.app.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * The embedded server's H2 database, with {@code renameCollection} made durable. In mongo-java-server 1.47 a
 * rename moves the collection in memory only: its data, meta and index maps keep the old name in the file, so
 * after a restart the renamed collection is empty (a real mongod renames durably). Here the maps are renamed
 * too; the in-memory collection keeps the same map objects under their new names. Its maps are opened with
 * {@link BsonValuesDataType}.
 */
class RenamePersistingH2Database extends H2Database {

    private static final String DATA = "databases.";
    private static final String META = "meta.";
    private static final String INDEX = "._index_";

    private final MVStore store;

    RenamePersistingH2Database(String name, MVStore store, CursorRegistry cursors) {
        super(name, store, cursors);
        this.store = store;
    }

    // H2Database opens its maps itself; opened here first, they store documents as BSON (BsonStorage). While
    // the constructor runs, store is not set yet: the maps that exist then were opened by BsonStorage.prepare.

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        if (store != null) {
            BsonStorage.openCollection(store, getFullCollectionNamespace(collectionName));
        }
        return super.openOrCreateCollection(collectionName, options);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        if (store != null) {
            BsonStorage.openIndex(store, getFullCollectionNamespace(collectionName), indexName);
        }
        return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }

    @Override
    public void moveCollection(MongoDatabase target, MongoCollection<?> collection, String newName) {
        String from = collection.getFullName();
        super.moveCollection(target, collection, newName);
        String to = collection.getFullName();
        if (from.equals(to)) {
            return;
        }
        for (String map : List.copyOf(store.getMapNames())) {
            String renamed = map.equals(DATA + from) ? DATA + to
                    : map.equals(META + from) ? META + to
                    : map.startsWith(from + INDEX) ? to + map.substring(from.length())
                    : null;
            if (renamed != null) {
                if (store.hasMap(renamed)) {
                    store.removeMap(renamed); // an empty map the library opened under the new name
                }
                store.renameMap(store.openMap(map), renamed);
            }
        }
    }
}

package io.rollcall.app.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.h2.H2UniqueIndex;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.lang.reflect.Constructor;
import java.util.List;

/**
 * The embedded server's H2 database, with {@code renameCollection} made durable and each collection's maps kept in
 * the file {@link EmbeddedStores} assigns it. In mongo-java-server 1.47 a rename moves the collection in memory
 * only: its data, meta and index maps keep the old name in the file, so after a restart the renamed collection is
 * empty (a real mongod renames durably). Here the maps are renamed too; the in-memory collection keeps the same map
 * objects under their new names. Its maps are opened with {@link BsonValuesDataType}.
 */
class RenamePersistingH2Database extends H2Database {

    /** The library's index class has a package-private constructor; the maps it is given are chosen here. */
    private static final Constructor<H2UniqueIndex> UNIQUE_INDEX = uniqueIndexConstructor();

    private final EmbeddedStores stores;

    private RenamePersistingH2Database(String name, EmbeddedStores stores, CursorRegistry cursors) {
        super(name, stores.journal(), cursors);
        this.stores = stores;
    }

    static RenamePersistingH2Database open(String name, EmbeddedStores stores, CursorRegistry cursors) {
        return OpeningStores.during(stores, () -> new RenamePersistingH2Database(name, stores, cursors));
    }

    private EmbeddedStores stores() {
        return stores != null ? stores : OpeningStores.current(); // the field is unset while super() runs
    }

    // H2Database would open every map in the one store it was given; here each collection's maps are opened in
    // its own file, first with the BSON type (BsonStorage), then handed to the library's classes.

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String namespace = getFullCollectionNamespace(collectionName);
        MVStore store = stores().of(namespace);
        stores().reshaped();
        BsonStorage.openCollection(store, namespace);
        return new H2Collection(this, collectionName, options, store.openMap(H2MapNames.data(namespace)),
                store.openMap(H2MapNames.meta(namespace)), cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        String namespace = getFullCollectionNamespace(collectionName);
        MVStore store = stores().of(namespace);
        stores().reshaped();
        BsonStorage.openIndex(store, namespace, indexName);
        try {
            return UNIQUE_INDEX.newInstance(store.openMap(H2MapNames.index(namespace, indexName)), indexName, keys,
                    sparse);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot open index " + indexName + " of " + namespace, e);
        }
    }

    /** The library removes the index's map from the journal file; a view's is in the views' file. */
    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
        super.dropIndex(collection, indexName);
        String namespace = collection.getFullName();
        MVStore store = stores.of(namespace);
        if (store != stores.journal()) {
            store.removeMap(H2MapNames.index(namespace, indexName));
        }
    }

    /**
     * The library removes the collection's maps from the journal file; a view's are in the views' file, and left
     * there they came back, documents and index keys, when a collection of that name was created again (a
     * rebuild's copy left by a crash, dropped before the next rebuild).
     */
    @Override
    public void dropCollection(String collectionName, Oplog oplog) {
        super.dropCollection(collectionName, oplog);
        String namespace = getFullCollectionNamespace(collectionName);
        MVStore store = stores.of(namespace);
        if (store != stores.journal()) {
            List.copyOf(store.getMapNames()).stream()
                    .filter(map -> H2MapNames.belongsTo(map, namespace))
                    .forEach(store::removeMap);
        }
    }

    @Override
    public void drop(Oplog oplog) {
        super.drop(oplog);
        MVStore views = stores.views();
        List.copyOf(views.getMapNames()).stream()
                .filter(map -> H2MapNames.namespaceOf(map).startsWith(getDatabaseName() + "."))
                .forEach(views::removeMap);
    }

    @Override
    public void moveCollection(MongoDatabase target, MongoCollection<?> collection, String newName) {
        String from = collection.getFullName();
        MVStore store = stores.of(from);
        if (stores.of(target.getDatabaseName() + "." + newName) != store) {
            throw new IllegalArgumentException("Cannot rename " + from + " to " + newName
                    + ": the embedded server keeps them in different files");
        }
        super.moveCollection(target, collection, newName);
        String to = collection.getFullName();
        if (from.equals(to)) {
            return;
        }
        for (String map : List.copyOf(store.getMapNames())) {
            String renamed = H2MapNames.renamed(map, from, to);
            if (renamed != null) {
                if (store.hasMap(renamed)) {
                    store.removeMap(renamed); // an empty map the library opened under the new name
                }
                store.renameMap(store.openMap(map), renamed);
            }
        }
    }

    private static Constructor<H2UniqueIndex> uniqueIndexConstructor() {
        try {
            Constructor<H2UniqueIndex> constructor = H2UniqueIndex.class.getDeclaredConstructor(MVMap.class,
                    String.class, List.class, boolean.class);
            constructor.setAccessible(true);
            return constructor;
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

package io.rollcall.app.mongo;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Opens the embedded server's H2 maps with {@link BsonValuesDataType} before mongo-java-server does (H2 hands out
 * an open map as it is, whatever type is asked for later). Index maps written in H2's own key order (before
 * this type, or by a plain mongo-java-server) are re-sorted into the new order once, when their database is
 * first opened; a small map of the file remembers which databases are done.
 */
final class BsonStorage {

    /** Databases whose index maps are in the new order. Its name cannot clash with mongo-java-server's maps. */
    private static final String FORMAT = "_rollcall.format";
    private static final int INDEX_ORDER_VERSION = 2;

    private BsonStorage() {
    }

    /** Before the database is opened: re-sorts its old index maps, then opens all its maps with the new type. */
    static void prepare(MVStore store, String database) {
        MVMap<String, Integer> format = store.openMap(FORMAT);
        List<String> indexes = store.getMapNames().stream()
                .filter(name -> H2MapNames.isIndexOf(name, database)).toList();
        if (!Integer.valueOf(INDEX_ORDER_VERSION).equals(format.get(database))) {
            indexes.forEach(name -> resort(store, name));
            format.put(database, INDEX_ORDER_VERSION);
            store.commit();
        }
        indexes.forEach(name -> open(store, name));
        store.getMapNames().stream().filter(name -> H2MapNames.isDataOf(name, database))
                .forEach(name -> open(store, name));
    }

    /** Before mongo-java-server opens a collection's data map ({@code namespace} is "database.collection"). */
    static void openCollection(MVStore store, String namespace) {
        open(store, H2MapNames.data(namespace));
    }

    /** Before mongo-java-server opens an index map. */
    static void openIndex(MVStore store, String namespace, String indexName) {
        open(store, H2MapNames.index(namespace, indexName));
    }

    private static MVMap<Object, Object> open(MVStore store, String name) {
        return store.openMap(name, new BsonMap.Builder());
    }

    /** Reads the map in its old order and writes it again, under the same name, in the new one. */
    private static void resort(MVStore store, String name) {
        MVMap<Object, Object> old = store.openMap(name);
        List<Map.Entry<Object, Object>> entries = new ArrayList<>(old.size());
        old.entrySet().forEach(entry -> entries.add(Map.entry(entry.getKey(), entry.getValue())));
        store.removeMap(old);
        MVMap<Object, Object> sorted = open(store, name);
        entries.forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
    }
}

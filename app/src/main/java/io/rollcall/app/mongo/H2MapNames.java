package io.rollcall.app.mongo;

/**
 * The names mongo-java-server 1.47's H2 backend gives a collection's maps (see its H2Database): the documents under
 * "databases.db.collection", the collection's meta data under "meta.db.collection", each unique index under
 * "db.collection._index_name". The classes here that route, rename, drop or re-type those maps use these.
 */
final class H2MapNames {

    private static final String DATA = "databases.";
    private static final String META = "meta.";
    private static final String INDEX = "._index_";

    private H2MapNames() {
    }

    /** The documents of {@code namespace} ("database.collection"). */
    static String data(String namespace) {
        return DATA + namespace;
    }

    static String meta(String namespace) {
        return META + namespace;
    }

    static String index(String namespace, String indexName) {
        return namespace + INDEX + indexName;
    }

    static boolean isDataOf(String map, String database) {
        return map.startsWith(DATA + database + ".");
    }

    static boolean isIndexOf(String map, String database) {
        return map.startsWith(database + ".") && map.contains(INDEX);
    }

    /** Whether {@code map} is one of the collection {@code namespace}'s maps. */
    static boolean belongsTo(String map, String namespace) {
        return map.equals(data(namespace)) || map.equals(meta(namespace)) || map.startsWith(namespace + INDEX);
    }

    /** The name of {@code map}, one of collection {@code from}'s maps, once that is renamed {@code to}; else null. */
    static String renamed(String map, String from, String to) {
        return map.equals(data(from)) ? data(to)
                : map.equals(meta(from)) ? meta(to)
                : map.startsWith(from + INDEX) ? to + map.substring(from.length())
                : null;
    }

    /** "database.collection" of one of the backend's maps, or the map's name if it is none of them. */
    static String namespaceOf(String map) {
        if (map.startsWith(DATA)) {
            return map.substring(DATA.length());
        }
        if (map.startsWith(META)) {
            return map.substring(META.length());
        }
        int index = map.indexOf(INDEX);
        return index < 0 ? map : map.substring(0, index);
    }
}

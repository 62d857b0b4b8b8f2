package io.rollcall.app.axon;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.RenameCollectionOptions;
import io.rollcall.query.ProjectionWriter;
import io.rollcall.query.ReloadableProjection;
import io.rollcall.query.WritesCollections;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.springframework.beans.factory.BeanFactory;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * A second instance of a projection that writes into copies of the live projection's collections
 * ({@code <collection>_rebuild}), so a rebuild can fill them while the live view keeps answering, and then
 * put them in its place: a rename per collection, which MongoDB does atomically.
 */
final class ShadowProjection {

    static final String SUFFIX = "_rebuild";

    private final String name;
    private final Object live;
    private final List<String> collections;
    private final MongoDatabase database;
    private final EventHandlerInvoker invoker;

    private ShadowProjection(String name, Object live, List<String> collections, MongoDatabase database,
                             Object shadow) {
        this.name = name;
        this.live = live;
        this.collections = collections;
        this.database = database;
        this.invoker = SimpleEventHandlerInvoker.builder().eventHandlers(shadow).build();
    }

    /**
     * Builds the copy of {@code live} through its constructor, with a database in which the projection's own
     * collections are the copies; its other dependencies are the live beans (used only by query handlers).
     */
    static ShadowProjection of(String name, Object live, MongoDatabase database, ProjectionWriter writer,
                               BeanFactory beans) {
        WritesCollections writes = live.getClass().getAnnotation(WritesCollections.class);
        if (writes == null) {
            throw new IllegalStateException("Projection " + name + " does not say which collections it writes");
        }
        List<String> collections = List.of(writes.value());
        MongoDatabase copies = renaming(database, collections);
        Constructor<?> constructor = live.getClass().getConstructors()[0];
        Object[] args = new Object[constructor.getParameterCount()];
        for (int i = 0; i < args.length; i++) {
            Class<?> type = constructor.getParameterTypes()[i];
            args[i] = type == MongoDatabase.class ? copies : type == ProjectionWriter.class ? writer : beans.getBean(type);
        }
        try {
            return new ShadowProjection(name, live, collections, database, constructor.newInstance(args));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot create a copy of projection " + name, e);
        }
    }

    /** The database as the copy sees it: the named collections are their {@link #SUFFIX} copies. */
    private static MongoDatabase renaming(MongoDatabase database, List<String> collections) {
        return (MongoDatabase) Proxy.newProxyInstance(MongoDatabase.class.getClassLoader(),
                new Class<?>[]{MongoDatabase.class}, (proxy, method, args) -> {
                    Object[] actual = args;
                    if (method.getName().equals("getCollection") && args[0] instanceof String collection
                            && collections.contains(collection)) {
                        actual = args.clone();
                        actual[0] = collection + SUFFIX;
                    }
                    try {
                        return method.invoke(database, actual);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    String name() {
        return name;
    }

    EventHandlerInvoker invoker() {
        return invoker;
    }

    /** Starts from empty copies (a crashed earlier rebuild may have left some behind). */
    void prepare() {
        drop();
        collections.forEach(c -> database.createCollection(c + SUFFIX)); // so that each can be renamed
    }

    /** Puts the copies in place of the live collections, then lets the live projection reload its memory. */
    void promote() {
        for (String collection : collections) {
            database.getCollection(collection + SUFFIX).renameCollection(
                    new MongoNamespace(database.getName(), collection), new RenameCollectionOptions().dropTarget(true));
        }
        if (live instanceof ReloadableProjection reloadable) {
            reloadable.reload();
        }
    }

    void drop() {
        List<String> existing = database.listCollectionNames().into(new ArrayList<>());
        collections.stream().map(c -> c + SUFFIX).filter(existing::contains)
                .forEach(copy -> database.getCollection(copy).drop());
    }
}

package io.rollcall.app.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import io.rollcall.app.config.ClusterSettings;
import io.rollcall.app.config.RollcallSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Exposes the connection as the driver's types; Spring Boot's own Mongo client backs off when one exists. */
@Configuration(proxyBeanMethods = false)
public class MongoConfig {

    @Bean(destroyMethod = "close")
    public DatabaseConnection databaseConnection(RollcallSettings settings, DatabaseTimeouts timeouts,
                                                 ClusterSettings cluster, ObjectProvider<CommandListener> listeners) {
        return DatabaseConnection.open(settings, timeouts, listeners.orderedStream().toList(),
                cluster.embeddedMongoPort());
    }

    @Bean(destroyMethod = "")
    public MongoClient mongoClient(DatabaseConnection connection) {
        return connection.client();
    }

    @Bean
    public MongoDatabase mongoDatabase(DatabaseConnection connection) {
        return connection.client().getDatabase(connection.databaseName());
    }
}

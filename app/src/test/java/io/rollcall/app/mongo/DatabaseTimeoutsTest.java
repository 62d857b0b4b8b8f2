package io.rollcall.app.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every wait on MongoDB is bounded: by DB_TIMEOUT_MS / DB_READ_TIMEOUT_MS, or by the URL's own options. */
class DatabaseTimeoutsTest {

    @Test
    void theDefaultsBoundServerSelectionConnectAndRead() {
        MongoClientSettings settings = DatabaseConnection.settings(new ConnectionString("mongodb://db.school.test/rollcall"),
                DatabaseTimeouts.DEFAULTS);
        assertThat(settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(2_000);
        assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(2_000);
        assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(5_000);
    }

    @Test
    void configuredValuesApplyAndTheUrlsOwnOptionsWin() {
        DatabaseTimeouts configured = new DatabaseTimeouts(Duration.ofMillis(750), Duration.ofMillis(3_000));
        MongoClientSettings plain = DatabaseConnection.settings(new ConnectionString("mongodb://db.school.test/"),
                configured);
        assertThat(plain.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(750);
        assertThat(plain.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(3_000);

        MongoClientSettings url = DatabaseConnection.settings(new ConnectionString(
                "mongodb://db.school.test/?serverSelectionTimeoutMS=100&socketTimeoutMS=9000"), configured);
        assertThat(url.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(100);
        assertThat(url.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(750);
        assertThat(url.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(9_000);
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThatThrownBy(() -> new DatabaseTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

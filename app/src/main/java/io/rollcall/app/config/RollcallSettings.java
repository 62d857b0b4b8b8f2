package io.rollcall.app.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * The environment, as documented in the README: {@code DB_URL}, {@code DATA_DIR}, {@code JWT_SECRET}
 * ({@code PORT} goes to server.port). {@code embeddedBackend} is "h2" (files in dataDir) or "memory" (tests).
 */
@ConfigurationProperties(prefix = "rollcall")
public record RollcallSettings(String dbUrl, Path dataDir, String jwtSecret, String embeddedBackend) {

    public boolean usesEmbeddedDatabase() {
        return dbUrl == null || dbUrl.isBlank();
    }

    public boolean embeddedInMemory() {
        return "memory".equalsIgnoreCase(embeddedBackend);
    }
}

package io.rollcall.app.security;

import io.rollcall.app.config.RollcallSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the signing secret comes from, and when the service must refuse to start instead. */
class JwtSecretTest {

    @TempDir
    Path dataDir;

    @Test
    void aRealDatabaseWithoutJwtSecretRefusesToStart() {
        var settings = new RollcallSettings("mongodb://db.school.test:27017/rollcall", dataDir, "", "h2");
        assertThatThrownBy(() -> JwtSecret.resolve(settings))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JWT_SECRET is not set");
    }

    @Test
    void aSecretShorterThan32BytesIsRefused() {
        var settings = new RollcallSettings("", dataDir, "too-short", "h2");
        assertThatThrownBy(() -> JwtSecret.resolve(settings))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void theEmbeddedDefaultGeneratesASecretOnceAndKeepsItInDataDir() throws Exception {
        var settings = new RollcallSettings("", dataDir, "", "h2");
        byte[] first = JwtSecret.resolve(settings);
        byte[] second = JwtSecret.resolve(settings);

        assertThat(first).hasSizeGreaterThanOrEqualTo(32).isEqualTo(second);
        Path file = dataDir.resolve("jwt-secret");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void anExplicitSecretWins() {
        String secret = "a-school-chosen-secret-of-more-than-32-bytes";
        var settings = new RollcallSettings("mongodb://db.school.test/rollcall", dataDir, secret, "h2");
        assertThat(new String(JwtSecret.resolve(settings))).isEqualTo(secret);
        assertThat(dataDir.resolve("jwt-secret")).doesNotExist();
    }
}

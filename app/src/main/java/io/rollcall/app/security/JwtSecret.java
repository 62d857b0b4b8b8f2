package io.rollcall.app.security;

import io.rollcall.app.config.RollcallSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Where the HS256 signing secret comes from: {@code JWT_SECRET} if set; otherwise, on the embedded database
 * only, a random secret generated once and kept in {@code DATA_DIR} so tokens survive restarts. Against a real
 * MongoDB a missing secret is a deployment mistake, and the service refuses to start.
 */
public final class JwtSecret {

    private static final Logger log = LoggerFactory.getLogger(JwtSecret.class);
    static final int MIN_BYTES = 32; // HS256 needs a key of at least 256 bits
    private static final String FILE_NAME = "jwt-secret";

    private JwtSecret() {
    }

    public static byte[] resolve(RollcallSettings settings) {
        if (settings.jwtSecret() != null && !settings.jwtSecret().isEmpty()) {
            byte[] secret = settings.jwtSecret().getBytes(StandardCharsets.UTF_8);
            if (secret.length < MIN_BYTES) {
                throw new IllegalStateException("JWT_SECRET must be at least " + MIN_BYTES
                        + " bytes long for HS256; it has " + secret.length);
            }
            return secret;
        }
        if (!settings.usesEmbeddedDatabase()) {
            throw new IllegalStateException("JWT_SECRET is not set. With DB_URL pointing at a real MongoDB, set "
                    + "JWT_SECRET to a random string of at least " + MIN_BYTES + " bytes "
                    + "(for example: openssl rand -base64 48).");
        }
        if (settings.embeddedInMemory()) {
            return random();
        }
        return fromDataDir(settings.dataDir().resolve(FILE_NAME));
    }

    private static byte[] fromDataDir(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, Base64.getEncoder().encodeToString(random()), StandardCharsets.US_ASCII);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
                log.info("JWT_SECRET not set: generated a signing secret in {}", file.toAbsolutePath());
            }
            return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the JWT secret in " + file.toAbsolutePath(), e);
        }
    }

    private static byte[] random() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}

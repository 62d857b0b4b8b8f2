package io.rollcall.app.throttle;

import io.rollcall.app.envelope.RetryLaterException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** bcrypt on its bounded pool: it hashes, and a hash beyond the pool and its queue is refused at once. */
class PasswordHashingTest {

    private static ThrottleSettings pool(int threads, int queue) {
        Rate any = new Rate(1, Duration.ofMinutes(1));
        return new ThrottleSettings(any, any, any, any, 10, threads, queue, Duration.ZERO);
    }

    @Test
    void hashesAndMatchesWithBcrypt() throws Exception {
        PasswordHashing hashing = new PasswordHashing(new BCryptPasswordEncoder(4), pool(2, 4));
        try {
            String hash = hashing.encode("secret123");
            assertThat(hash).startsWith("$2a$04$");
            assertThat(hashing.matches("secret123", hash)).isTrue();
            assertThat(hashing.matches("secret124", hash)).isFalse();
        } finally {
            hashing.destroy();
        }
    }

    @Test
    void aHashBeyondThePoolAndItsQueueIsRefusedWith503() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        PasswordEncoder slow = new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                started.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "hashed:" + raw;
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                return encoded.equals(encode(raw));
            }
        };
        PasswordHashing hashing = new PasswordHashing(slow, pool(1, 1));
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Future<String> running = callers.submit(() -> hashing.encode("a"));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue(); // the pool's one thread is busy
            Future<String> queued = callers.submit(() -> hashing.encode("b"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> hashing.queued() == 1);

            RetryLaterException refused = catchThrowableOfType(RetryLaterException.class, () -> hashing.encode("c"));
            assertThat(refused.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(refused.getMessage()).isEqualTo("Service unavailable");
            assertThat(refused.retryAfterSeconds()).isEqualTo(1);

            release.countDown();
            assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo("hashed:a");
            assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("hashed:b");
        } finally {
            release.countDown();
            callers.shutdownNow();
            hashing.destroy();
        }
    }
}

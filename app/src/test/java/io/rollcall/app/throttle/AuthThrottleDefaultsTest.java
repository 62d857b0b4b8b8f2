package io.rollcall.app.throttle;

import io.github.bucket4j.TimeMeter;
import io.rollcall.app.envelope.RetryLaterException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The production limits, as application.properties defines them when no variable overrides them, on a clock
 * the test moves: the values the documentation promises, and how they refill. (The end-to-end tests lift the
 * per-address signup limit, which is why it is checked here.)
 */
class AuthThrottleDefaultsTest {

    /** A clock that only moves when told. */
    static final class ManualTime implements TimeMeter {
        long nanos = 1_000_000_000L;

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }

        void advance(Duration duration) {
            nanos += duration.toNanos();
        }
    }

    ThrottleSettings defaults;
    ManualTime time;
    AuthThrottle throttle;

    @BeforeEach
    void productionDefaults() throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        for (PropertySource<?> source : new PropertiesPropertySourceLoader()
                .load("application", new ClassPathResource("application.properties"))) {
            sources.addLast(source); // and nothing else: placeholders fall back to their defaults
        }
        defaults = new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources))
                .bind("rollcall.throttle", ThrottleSettings.class).get();
        time = new ManualTime();
        throttle = new AuthThrottle(defaults, time);
    }

    @Test
    void theDocumentedValues() {
        assertThat(defaults.loginFailuresPerEmail()).isEqualTo(new Rate(5, Duration.ofMinutes(15)));
        assertThat(defaults.loginFailuresPerAddress()).isEqualTo(new Rate(50, Duration.ofMinutes(1)));
        assertThat(defaults.signupsPerEmail()).isEqualTo(new Rate(20, Duration.ofMinutes(15)));
        assertThat(defaults.signupsPerAddress()).isEqualTo(new Rate(60, Duration.ofMinutes(1)));
        assertThat(defaults.maxTracked()).isEqualTo(20_000);
        assertThat(defaults.hashingThreads()).isZero();
        assertThat(defaults.hashingQueue()).isEqualTo(64);
        assertThat(defaults.refusalDelay()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void bcryptGetsHalfTheCoresByDefaultAndNeverMoreThanAllOfThem() {
        assertThat(defaults.hashingThreadsFor(1)).isEqualTo(1);
        assertThat(defaults.hashingThreadsFor(2)).isEqualTo(1);
        assertThat(defaults.hashingThreadsFor(8)).isEqualTo(4);
        Rate any = new Rate(1, Duration.ofMinutes(1));
        ThrottleSettings six = new ThrottleSettings(any, any, any, any, 10, 6, 0, Duration.ZERO);
        assertThat(six.hashingThreadsFor(4)).isEqualTo(4);
        assertThat(six.hashingThreadsFor(8)).isEqualTo(6);
    }

    @Test
    void fiveFailuresLockAnEmailAndOneComesBackEveryThreeMinutes() {
        for (int i = 0; i < 5; i++) {
            throttle.beginLogin("kid@school.test", "10.0.0." + i); // not given back: a wrong password
        }
        RetryLaterException refused = catchThrowableOfType(RetryLaterException.class,
                () -> throttle.beginLogin("KID@school.test", "10.0.0.9"));
        assertThat(refused.getMessage()).isEqualTo("Too many requests");
        assertThat(refused.retryAfterSeconds()).isEqualTo(180);

        time.advance(Duration.ofMinutes(3));
        throttle.beginLogin("kid@school.test", "10.0.0.9");
        assertThatThrownBy(() -> throttle.beginLogin("kid@school.test", "10.0.0.9"))
                .isInstanceOf(RetryLaterException.class);
    }

    @Test
    void correctPasswordsCostNothing() {
        for (int i = 0; i < 1_000; i++) {
            throttle.beginLogin("student" + (i % 30) + "@school.test", "203.0.113.7").notAFailure();
        }
        for (int i = 0; i < 4; i++) {
            throttle.beginLogin("student0@school.test", "203.0.113.7");
        }
    }

    @Test
    void fiftyFailedLoginsFromOneAddressInAMinuteThenOneMoreEverySecondOrSo() {
        for (int i = 0; i < 50; i++) {
            throttle.beginLogin("spray" + i + "@school.test", "198.51.100.1");
        }
        assertThatThrownBy(() -> throttle.beginLogin("another@school.test", "198.51.100.1"))
                .isInstanceOf(RetryLaterException.class);
        throttle.beginLogin("another@school.test", "198.51.100.2").notAFailure();

        time.advance(Duration.ofMillis(1_200)); // 50 per minute: one every 1.2 s
        throttle.beginLogin("another@school.test", "198.51.100.1");
    }

    @Test
    void sixtySignupsFromOneAddressInAMinute() {
        for (int i = 0; i < 60; i++) {
            throttle.beginSignup("pupil" + i + "@school.test", "192.0.2.1");
        }
        RetryLaterException refused = catchThrowableOfType(RetryLaterException.class,
                () -> throttle.beginSignup("pupil60@school.test", "192.0.2.1"));
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        throttle.beginSignup("pupil60@school.test", "192.0.2.2");
        time.advance(Duration.ofSeconds(1));
        throttle.beginSignup("pupil61@school.test", "192.0.2.1");
    }

    @Test
    void twentySignupsOfOneEmailInFifteenMinutes() {
        for (int i = 0; i < 20; i++) {
            throttle.beginSignup("same@school.test", "192.0.2." + i);
        }
        assertThatThrownBy(() -> throttle.beginSignup("Same@School.test", "192.0.2.99"))
                .isInstanceOf(RetryLaterException.class);
    }

    @Test
    void ratesAreWrittenCountSlashPeriod() {
        assertThat(Rate.valueOf("5/15m")).isEqualTo(new Rate(5, Duration.ofMinutes(15)));
        assertThat(Rate.valueOf(" 100 / PT1H ")).isEqualTo(new Rate(100, Duration.ofHours(1)));
        assertThatThrownBy(() -> Rate.valueOf("5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rate.valueOf("0/1m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rate.valueOf("5/0s")).isInstanceOf(IllegalArgumentException.class);
    }
}

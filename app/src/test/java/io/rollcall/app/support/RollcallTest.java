package io.rollcall.app.support;

import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The application on a random port over the embedded MongoDB's memory backend (through the real driver).
 * Every end-to-end class uses exactly these properties so Spring caches one context for all of them.
 * The whole suite signs its users up from one address, far faster than any school: the per-address signup
 * limit is lifted here (its production default is checked in AuthThrottleDefaultsTest); every other limit keeps
 * its production value.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "rollcall.db-url=",
        "rollcall.embedded-backend=memory",
        "rollcall.jwt-secret=" + RollcallTest.JWT_SECRET,
        "rollcall.throttle.signups-per-address=1000000/1m"})
public @interface RollcallTest {
    String JWT_SECRET = "test-secret-of-at-least-thirty-two-bytes-long";
}

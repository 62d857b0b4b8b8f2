package io.rollcall.app.throttle;

import io.github.bucket4j.TimeMeter;
import io.rollcall.app.envelope.RetryLaterException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Limits guessing on the credential routes, per email and per client address (the values are in
 * {@link ThrottleSettings}). A login takes one "failure" token of its email and of its address before the
 * password is checked, and gives both back if the password was right: so only wrong passwords (and unknown
 * emails) use the limits up, while concurrent guesses cannot slip past them. Once an email's failures are spent,
 * even its correct password is refused with 429 until a token refills: otherwise the lockout would tell a guesser
 * when a guess was right. Every signup takes a token of its email and of its address.
 */
@Component
public class AuthThrottle {

    private final BucketTable loginFailuresPerEmail;
    private final BucketTable loginFailuresPerAddress;
    private final BucketTable signupsPerEmail;
    private final BucketTable signupsPerAddress;

    @Autowired
    public AuthThrottle(ThrottleSettings settings) {
        this(settings, TimeMeter.SYSTEM_NANOTIME);
    }

    AuthThrottle(ThrottleSettings settings, TimeMeter time) {
        int max = settings.maxTracked();
        this.loginFailuresPerEmail = new BucketTable(settings.loginFailuresPerEmail(), max, time);
        this.loginFailuresPerAddress = new BucketTable(settings.loginFailuresPerAddress(), max, time);
        this.signupsPerEmail = new BucketTable(settings.signupsPerEmail(), max, time);
        this.signupsPerAddress = new BucketTable(settings.signupsPerAddress(), max, time);
    }

    /** A login that may go on to check the password; 429 if the email or the address has no failure left. */
    public LoginAttempt beginLogin(String email, String address) {
        String emailKey = normalize(email);
        refuseIfSpent(loginFailuresPerAddress.take(address));
        Optional<Duration> emailWait = loginFailuresPerEmail.take(emailKey);
        if (emailWait.isPresent()) {
            loginFailuresPerAddress.giveBack(address);
            refuseIfSpent(emailWait);
        }
        return new LoginAttempt(this, emailKey, address);
    }

    /** A signup may go on; 429 if the email or the address has used up its signups. */
    public void beginSignup(String email, String address) {
        refuseIfSpent(signupsPerAddress.take(address));
        refuseIfSpent(signupsPerEmail.take(normalize(email)));
    }

    private static void refuseIfSpent(Optional<Duration> wait) {
        if (wait.isPresent()) {
            throw RetryLaterException.tooManyRequests(wait.get());
        }
    }

    /** Emails are unique whatever their case, so they are counted that way too. */
    private static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** The failure tokens one login holds until its outcome is known. */
    public static final class LoginAttempt {
        private final AuthThrottle throttle;
        private final String email;
        private final String address;
        private boolean settled;

        private LoginAttempt(AuthThrottle throttle, String email, String address) {
            this.throttle = throttle;
            this.email = email;
            this.address = address;
        }

        /**
         * The attempt was not a wrong guess (right password, or it never got to compare one): the tokens are
         * given back. Not calling this leaves them taken, which is what a failure costs.
         */
        public void notAFailure() {
            if (!settled) {
                settled = true;
                throttle.loginFailuresPerEmail.giveBack(email);
                throttle.loginFailuresPerAddress.giveBack(address);
            }
        }
    }
}

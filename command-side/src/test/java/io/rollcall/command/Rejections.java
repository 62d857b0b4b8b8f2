package io.rollcall.command;

import io.rollcall.api.CommandRejectedException;
import io.rollcall.api.Rejection;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;

/** Matches a {@link CommandRejectedException} carrying exactly the given {@link Rejection}. */
public final class Rejections {

    private Rejections() {
    }

    public static Matcher<CommandRejectedException> rejectedWith(Rejection expected) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(CommandRejectedException actual, Description mismatch) {
                if (actual.rejection() != expected) {
                    mismatch.appendText("was rejected with ").appendValue(actual.rejection());
                    return false;
                }
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a CommandRejectedException with rejection ").appendValue(expected);
            }
        };
    }
}

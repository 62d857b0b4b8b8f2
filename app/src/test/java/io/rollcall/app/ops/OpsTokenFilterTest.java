package io.rollcall.app.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rollcall.app.envelope.EnvelopeWriter;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The OPS_TOKEN check on /metrics, without a context of its own. */
class OpsTokenFilterTest {

    private static final String TOKEN = "ops-secret-123";

    @Test
    void withATokenMetricsNeedTheBearerToken() throws Exception {
        OpsTokenFilter filter = new OpsTokenFilter(TOKEN, new EnvelopeWriter(new ObjectMapper()));

        assertRefused(run(filter, "/metrics", null));
        assertRefused(run(filter, "/metrics", TOKEN));               // no "Bearer "
        assertRefused(run(filter, "/metrics", "Bearer wrong"));
        assertRefused(run(filter, "/metrics", "Bearer " + TOKEN + "x"));
        assertRefused(run(filter, "/metrics/", "Bearer"));

        assertPassed(run(filter, "/metrics", "Bearer " + TOKEN));
        assertPassed(run(filter, "/metrics", "bearer " + TOKEN));
        // health and the API are not its business
        assertPassed(run(filter, "/health/ready", null));
        assertPassed(run(filter, "/auth/me", "Bearer wrong"));
    }

    @Test
    void withoutATokenMetricsArePublic() throws Exception {
        OpsTokenFilter filter = new OpsTokenFilter("", new EnvelopeWriter(new ObjectMapper()));
        assertPassed(run(filter, "/metrics", null));
        assertPassed(run(filter, "/metrics", "Bearer anything"));
    }

    private record Outcome(MockHttpServletResponse response, boolean passed) {
    }

    private static Outcome run(OpsTokenFilter filter, String path, String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        return new Outcome(response, chain.getRequest() != null);
    }

    private static void assertRefused(Outcome outcome) throws Exception {
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.response().getStatus()).isEqualTo(401);
        assertThat(outcome.response().getContentAsString())
                .isEqualTo("{\"success\":false,\"error\":\"Unauthorized, token missing or invalid\"}");
    }

    private static void assertPassed(Outcome outcome) {
        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.response().getStatus()).isEqualTo(200);
    }
}

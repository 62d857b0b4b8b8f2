package io.rollcall.app.web;

import io.rollcall.app.envelope.Envelope;
import io.rollcall.api.analytics.ClassAnalytics;
import io.rollcall.api.analytics.FetchClassAnalytics;
import io.rollcall.app.security.Caller;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.regex.Pattern;

/** {@code GET /class/:id/analytics} (ext): rates, per-session ratios and absence streaks, for the owning teacher. */
@RestController
public class AnalyticsController {

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,17})?|\\.[0-9]{1,17}");

    private final QueryGateway queries;
    private final ClassLookup classes;

    public AnalyticsController(QueryGateway queries, ClassLookup classes) {
        this.queries = queries;
        this.classes = classes;
    }

    @GetMapping("/class/{id}/analytics")
    Envelope analytics(@AuthenticationPrincipal Caller caller, @PathVariable String id,
                          @RequestParam(required = false) String below) {
        Double threshold = parseThreshold(below);
        String classId = classes.requireOwnedBy(id, caller.userId()).classId(); // canonical, lower case
        ClassAnalytics analytics = queries.query(new FetchClassAnalytics(classId, threshold),
                ResponseTypes.instanceOf(ClassAnalytics.class)).join();
        return Envelope.ok(HistoryBodies.Analytics.of(classId, analytics));
    }

    private static Double parseThreshold(String below) {
        if (below == null) {
            return null;
        }
        if (!PLAIN_DECIMAL.matcher(below).matches()) {
            throw ContractError.INVALID_SCHEMA.exception(); // no signs, exponents or hex floats
        }
        try {
            double value = Double.parseDouble(below);
            if (value >= 0 && value <= 1) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the refusal
        }
        throw ContractError.INVALID_SCHEMA.exception();
    }
}

package io.rollcall.app.web;

import io.rollcall.app.envelope.Envelope;
import io.rollcall.api.analytics.ClassAnalytics;
import io.rollcall.api.analytics.FetchClassAnalytics;
import io.rollcall.app.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.regex.Pattern;

import static io.rollcall.api.user.Role.TEACHER;
import static io.rollcall.app.web.ContractError.CLASS_NOT_FOUND;
import static io.rollcall.app.web.ContractError.INVALID_SCHEMA;
import static io.rollcall.app.web.ContractError.NOT_CLASS_TEACHER;

/** {@code GET /class/:id/analytics} (ext): rates, per-session ratios and absence streaks, for the owning teacher. */
@Tag(name = "analytics")
@SecurityRequirement(name = OpenApiConfig.TOKEN)
@RestController
public class AnalyticsController {

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,17})?|\\.[0-9]{1,17}");

    private final QueryGateway queries;
    private final ClassLookup classes;

    public AnalyticsController(QueryGateway queries, ClassLookup classes) {
        this.queries = queries;
        this.classes = classes;
    }

    @Operation(summary = "Attendance rates, per-session ratios and absence streaks",
            description = ClassLookup.OWNER_ONLY + "Over the class's finalized sessions. `students`: every student "
                    + "some finalized session recorded; a student's `rate` is present / the finalized sessions that "
                    + "recorded them, `currentAbsenceStreak` the absences in a row up to their most recent one. "
                    + "`sessions`: every finalized session, oldest first. `below` filters `students` only.")
    @ApiResponse(responseCode = "200",
            content = @Content(schema = @Schema(implementation = HistoryBodies.Analytics.class)))
    @Refusals(role = TEACHER, value = {INVALID_SCHEMA, CLASS_NOT_FOUND, NOT_CLASS_TEACHER})
    @GetMapping("/class/{id}/analytics")
    Envelope analytics(@AuthenticationPrincipal Caller caller,
                       @Parameter(description = ClassLookup.ID_PARAMETER) @PathVariable String id,
                       @Parameter(description = "Keep only the students whose rate is strictly below this (0 to 1, "
                               + "bounds included), a plain decimal such as 0.75 or .5. Out of range or anything "
                               + "else (signs, exponents): \"Invalid request schema\".",
                               schema = @Schema(type = "number", minimum = "0", maximum = "1", example = "0.75"))
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

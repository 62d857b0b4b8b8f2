package io.rollcall.app.web;

import io.rollcall.app.envelope.Envelope;
import io.rollcall.api.audit.AuditCursor;
import io.rollcall.api.audit.AuditPage;
import io.rollcall.api.audit.FetchAuditTrail;
import io.rollcall.app.security.Caller;
import io.rollcall.app.web.HistoryBodies.AuditTrailEntry;
import io.rollcall.app.web.HistoryBodies.AuditTrailPage;
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

import static io.rollcall.api.user.Role.TEACHER;
import static io.rollcall.app.web.ContractError.CLASS_NOT_FOUND;
import static io.rollcall.app.web.ContractError.INVALID_SCHEMA;
import static io.rollcall.app.web.ContractError.NOT_CLASS_TEACHER;

/**
 * {@code GET /class/:id/audit}: every mark of the class, newest first, for its owning teacher. Same envelope,
 * errors and order of checks as the contract's routes; bad paging or filter parameters are an invalid request.
 */
@Tag(name = "audit")
@SecurityRequirement(name = OpenApiConfig.TOKEN)
@RestController
public class AuditController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    /** The longest studentId or sessionId filter; no id is that long, a longer one is refused. */
    static final int MAX_FILTER_LENGTH = 64;
    private static final String FILTER = " marks; an id that names nothing gives no entries. Longer than "
            + MAX_FILTER_LENGTH + " characters: \"Invalid request schema\".";

    private final QueryGateway queries;
    private final ClassLookup classes;

    public AuditController(QueryGateway queries, ClassLookup classes) {
        this.queries = queries;
        this.classes = classes;
    }

    @Operation(summary = "The audit trail: every mark of the class, newest first", description = ClassLookup.OWNER_ONLY
            + "Teacher marks, corrections (re-marks of a student in one session), marks made in sessions later "
            + "superseded, and DONE's automatic absences, in the order of the class's event history (exact within a "
            + "millisecond), newest first. Pages of `limit` entries; `nextCursor` (null on the last page) asks for "
            + "the next one. The parameters are checked after the token and role, before the class.")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AuditTrailPage.class)))
    @Refusals(role = TEACHER, value = {INVALID_SCHEMA, CLASS_NOT_FOUND, NOT_CLASS_TEACHER})
    @GetMapping("/class/{id}/audit")
    Envelope audit(@AuthenticationPrincipal Caller caller,
                   @Parameter(description = ClassLookup.ID_PARAMETER) @PathVariable String id,
                   @Parameter(description = "Entries per page, in digits. Not an integer from 1 to " + MAX_LIMIT
                           + " (or with a sign): \"Invalid request schema\".", schema = @Schema(type = "integer",
                           minimum = "1", maximum = "" + MAX_LIMIT, defaultValue = "" + DEFAULT_LIMIT))
                   @RequestParam(required = false) String limit,
                   @Parameter(description = "The `nextCursor` of the previous page (opaque). A value that is not of "
                           + "the form this server issues: \"Invalid request schema\".",
                           schema = @Schema(type = "string", example = "YTE6NA"))
                   @RequestParam(required = false) String cursor,
                   @Parameter(description = "Only this student's" + FILTER, schema = @Schema(type = "string",
                           maxLength = MAX_FILTER_LENGTH, example = Bodies.STUDENT_ID))
                   @RequestParam(required = false) String studentId,
                   @Parameter(description = "Only this session's" + FILTER, schema = @Schema(type = "string",
                           maxLength = MAX_FILTER_LENGTH, example = Bodies.SESSION_ID))
                   @RequestParam(required = false) String sessionId) {
        int pageSize = parseLimit(limit);
        if (cursor != null && AuditCursor.decode(cursor).isEmpty()
                || tooLong(studentId) || tooLong(sessionId)) {
            throw ContractError.INVALID_SCHEMA.exception();
        }
        classes.requireOwnedBy(id, caller.userId());
        AuditPage page = queries.query(new FetchAuditTrail(id, studentId, sessionId, pageSize, cursor),
                ResponseTypes.instanceOf(AuditPage.class)).join();
        return Envelope.ok(new AuditTrailPage(page.entries().stream().map(AuditTrailEntry::of).toList(),
                page.nextCursor()));
    }

    private static int parseLimit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        // digits only: Integer.parseInt would also take "+5"
        if (limit.matches("[0-9]{1,3}")) {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        }
        throw ContractError.INVALID_SCHEMA.exception();
    }

    private static boolean tooLong(String value) {
        return value != null && value.length() > MAX_FILTER_LENGTH;
    }
}

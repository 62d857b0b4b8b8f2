package io.rollcall.app.web;

import io.rollcall.app.envelope.Envelope;
import io.rollcall.api.audit.AuditCursor;
import io.rollcall.api.audit.AuditPage;
import io.rollcall.api.audit.FetchAuditTrail;
import io.rollcall.app.security.Caller;
import io.rollcall.app.web.HistoryBodies.AuditTrailEntry;
import io.rollcall.app.web.HistoryBodies.AuditTrailPage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;


/**
 * {@code GET /class/:id/audit}: every mark of the class, newest first, for its owning teacher. Same envelope,
 * errors and order of checks as the contract's routes; bad paging or filter parameters are an invalid request.
 */
@RestController
public class AuditController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    /** The longest studentId or sessionId filter; no id is that long, a longer one is refused. */
    static final int MAX_FILTER_LENGTH = 64;

    private final QueryGateway queries;
    private final ClassLookup classes;

    public AuditController(QueryGateway queries, ClassLookup classes) {
        this.queries = queries;
        this.classes = classes;
    }

    @GetMapping("/class/{id}/audit")
    Envelope audit(@AuthenticationPrincipal Caller caller, @PathVariable String id,
                      @RequestParam(required = false) String limit,
                      @RequestParam(required = false) String cursor,
                      @RequestParam(required = false) String studentId,
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

package io.rollcall.api.audit;

import java.util.List;

/** A page of the audit trail; {@code nextCursor} is null on the last page. */
public record AuditPage(List<AuditEntry> entries, String nextCursor) {
}

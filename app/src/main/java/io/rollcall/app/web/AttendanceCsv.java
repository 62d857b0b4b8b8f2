package io.rollcall.app.web;

import io.rollcall.api.history.AttendanceSheet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes an {@link AttendanceSheet} as RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, a
 * quote or a line break (quotes doubled). A name or email starting with = + - @ is prefixed with ' so a
 * spreadsheet never runs it as a formula.
 */
final class AttendanceCsv {

    private static final String FIELD = "(\"([^\"]|\"\")*\"|[^\",\\r\\n]*)";
    /** What {@link #write} writes, for the OpenAPI document: a header line, then one line per enrolled student. */
    static final String PATTERN = "^studentId,name,email(," + Timestamps.WRITTEN + ")*,attendanceRate\r\n"
            + "([0-9a-f]{24}," + FIELD + "," + FIELD + "(,(present|absent)?)*,(\\d\\.\\d{2})?\r\n)*$";
    static final String EXAMPLE = "studentId,name,email,2025-03-04T10:40:00.000Z,2025-03-11T10:40:00.000Z,"
            + "attendanceRate\r\n"
            + Bodies.STUDENT_ID + ",Sam Student,sam@school.test,present,absent,0.50\r\n"
            + "6b0a46fca4323906d82bbe4a,\"Lee, Jo\",jo@school.test,,present,1.00\r\n";

    private AttendanceCsv() {
    }

    static String write(AttendanceSheet sheet) {
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("studentId", "name", "email"));
        sheet.sessions().forEach(column -> header.add(Timestamps.format(column.finalizedAt())));
        header.add("attendanceRate");
        line(csv, header);
        for (AttendanceSheet.Row row : sheet.students()) {
            List<String> fields = new ArrayList<>(List.of(row.studentId(), text(row.name()), text(row.email())));
            row.statuses().forEach(status -> fields.add(status == null ? "" : status.wireName()));
            Double rate = row.rate();
            fields.add(rate == null ? "" : String.format(Locale.ROOT, "%.2f", rate));
            line(csv, fields);
        }
        return csv.toString();
    }

    private static String text(String value) {
        if (value == null) {
            return "";
        }
        return !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    private static void line(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(quote(fields.get(i)));
        }
        csv.append("\r\n");
    }

    private static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\r') < 0 && field.indexOf('\n') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

}

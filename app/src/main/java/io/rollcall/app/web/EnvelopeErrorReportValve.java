package io.rollcall.app.web;

import io.rollcall.app.envelope.Envelope;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's last word on an error that no servlet answered: a request the connector refuses before any filter
 * runs (an encoded slash or backslash, a NUL, a bad %-escape, an oversized header). Tomcat would write its HTML
 * error page; this writes the contract's envelope instead, with the same messages as
 * {@link EnvelopeErrorController}.
 */
public class EnvelopeErrorReportValve extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus resolved = HttpStatus.resolve(code);
        HttpStatus status = resolved != null ? resolved
                : code >= 500 ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.BAD_REQUEST;
        try {
            String body = JSON.writeValueAsString(Envelope.failure(EnvelopeErrorController.messageFor(status)));
            response.setStatus(EnvelopeErrorController.sentStatus(status).value());
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot take a body any more: nothing else to send
        }
    }
}

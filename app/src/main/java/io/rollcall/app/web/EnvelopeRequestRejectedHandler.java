package io.rollcall.app.web;

import io.rollcall.app.envelope.EnvelopeWriter;
import io.rollcall.app.envelope.Envelope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.Set;

/**
 * A request the security firewall refuses (an unknown method, a suspicious URL) is answered here with the
 * envelope. The default handler's sendError would dispatch to /error, which the firewall refuses again for an
 * unknown method, leaving an empty committed 400.
 */
@Component
public class EnvelopeRequestRejectedHandler implements RequestRejectedHandler {

    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH",
            "OPTIONS");

    private final EnvelopeWriter envelope;

    public EnvelopeRequestRejectedHandler(EnvelopeWriter envelope) {
        this.envelope = envelope;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        HttpStatus status = KNOWN_METHODS.contains(request.getMethod())
                ? HttpStatus.BAD_REQUEST : HttpStatus.METHOD_NOT_ALLOWED;
        envelope.write(response, status, Envelope.failure(EnvelopeErrorController.messageFor(status)));
    }
}

package io.rollcall.app.web;

import io.rollcall.app.envelope.Envelope;
import io.rollcall.app.mongo.DatabaseUnavailable;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (the container, a filter, a rejected URL) land on /error; they too get
 * the envelope, with a generic message per status and nothing of the exception. A failure to reach the database
 * there (say, a WebSocket handshake's user lookup) is 503 {@code Service unavailable}, as it is in a controller.
 */
@RestController
public class EnvelopeErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<Envelope> error(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && DatabaseUnavailable.isCause(failure)) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(Envelope.failure(DatabaseUnavailable.MESSAGE));
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        return ResponseEntity.status(sentStatus(status)).body(Envelope.failure(messageFor(status)));
    }

    /** The envelope's message for an error status that no controller chose a message for. */
    public static String messageFor(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST, PAYLOAD_TOO_LARGE -> ContractError.INVALID_SCHEMA.message();
            case NOT_FOUND -> "Route not found";
            case METHOD_NOT_ALLOWED -> "Method not allowed";
            case UNAUTHORIZED -> "Unauthorized, token missing or invalid";
            default -> status.is5xxServerError() ? "Internal server error" : status.getReasonPhrase();
        };
    }

    /** A body too large is the contract's 400 "Invalid request schema". */
    public static HttpStatus sentStatus(HttpStatus status) {
        return status == HttpStatus.PAYLOAD_TOO_LARGE ? HttpStatus.BAD_REQUEST : status;
    }
}

package io.rollcall.app.web;

import io.rollcall.app.envelope.RetryLaterException;
import io.rollcall.app.envelope.Envelope;
import io.rollcall.api.CommandRejectedException;
import io.rollcall.app.mongo.DatabaseUnavailable;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Every failure a controller meets becomes an envelope; no exception text ever reaches a client. */
@RestControllerAdvice
public class ApiErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    @ExceptionHandler({MethodArgumentNotValidException.class, HandlerMethodValidationException.class,
            HttpMessageNotReadableException.class, HttpMediaTypeNotSupportedException.class})
    ResponseEntity<Envelope> invalidSchema(Exception e) {
        return respond(ContractError.INVALID_SCHEMA);
    }

    @ExceptionHandler(ContractException.class)
    ResponseEntity<Envelope> contract(ContractException e) {
        return respond(e.error());
    }

    @ExceptionHandler({NoHandlerFoundException.class, NoResourceFoundException.class})
    ResponseEntity<Envelope> notFound(Exception e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Envelope.failure("Route not found"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Envelope> methodNotAllowed(Exception e) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).body(Envelope.failure("Method not allowed"));
    }

    @ExceptionHandler(RetryLaterException.class)
    ResponseEntity<Envelope> retryLater(RetryLaterException e) {
        return ResponseEntity.status(e.status()).header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
                .body(Envelope.failure(e.getMessage()));
    }

    /**
     * Command outcomes may arrive wrapped by the command or query bus; the rule that refused, or the database
     * failure, is in the cause chain.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Envelope> unexpected(Exception e) {
        if (DatabaseUnavailable.isCause(e)) {
            log.warn("Database unavailable: {}", e.toString()); // one line per request: an outage is not a bug
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(Envelope.failure(DatabaseUnavailable.MESSAGE));
        }
        var rejection = CommandRejectedException.findIn(e);
        if (rejection.isPresent()) {
            return respond(ContractError.of(rejection.get()));
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof AggregateNotFoundException) {
                return respond(ContractError.CLASS_NOT_FOUND);
            }
        }
        log.error("Unexpected error", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(Envelope.failure("Internal server error"));
    }

    static ResponseEntity<Envelope> respond(ContractError error) {
        return ResponseEntity.status(error.status()).body(Envelope.failure(error.message()));
    }
}

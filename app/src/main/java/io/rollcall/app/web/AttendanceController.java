package io.rollcall.app.web;

import io.rollcall.app.envelope.Envelope;
import io.rollcall.api.session.StartSession;
import io.rollcall.app.security.Caller;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.bson.types.ObjectId;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/** Route 9: a teacher opens an attendance session for a class they own. */
@RestController
public class AttendanceController {

    private final CommandGateway commands;
    private final ClassLookup classes;

    public AttendanceController(CommandGateway commands, ClassLookup classes) {
        this.commands = commands;
        this.classes = classes;
    }

    @PostMapping("/attendance/start")
    Envelope start(@AuthenticationPrincipal Caller caller, @Valid @RequestBody Requests.StartAttendance body) {
        classes.require(body.classId());
        String sessionId = new ObjectId().toHexString();
        Instant startedAt = commands.sendAndWait(new StartSession(body.classId(), sessionId, caller.userId()));
        return Envelope.ok(new Bodies.SessionStartedBody(body.classId(), Timestamps.format(startedAt), sessionId));
    }
}

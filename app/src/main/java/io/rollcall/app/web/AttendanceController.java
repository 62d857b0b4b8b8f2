package io.rollcall.app.web;

import io.rollcall.api.classes.ClassView;
import io.rollcall.api.classes.FindClass;
import io.rollcall.api.session.StartSession;
import io.rollcall.app.security.Caller;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
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
    private final QueryGateway queries;

    public AttendanceController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @PostMapping("/attendance/start")
    ApiResponse start(@AuthenticationPrincipal Caller caller, @Valid @RequestBody Requests.StartAttendance body) {
        queries.query(new FindClass(body.classId()), ResponseTypes.optionalInstanceOf(ClassView.class)).join()
                .orElseThrow(ContractError.CLASS_NOT_FOUND::exception);
        String sessionId = new ObjectId().toHexString();
        Instant startedAt = commands.sendAndWait(new StartSession(body.classId(), sessionId, caller.userId()));
        return ApiResponse.ok(new Bodies.SessionStarted(body.classId(), Timestamps.format(startedAt), sessionId));
    }
}

package io.rollcall.app.web;

import io.rollcall.app.envelope.Envelope;
import io.rollcall.api.session.StartSession;
import io.rollcall.app.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.bson.types.ObjectId;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

import static io.rollcall.api.user.Role.TEACHER;
import static io.rollcall.app.web.ContractError.CLASS_NOT_FOUND;
import static io.rollcall.app.web.ContractError.INVALID_SCHEMA;
import static io.rollcall.app.web.ContractError.NOT_CLASS_TEACHER;

/** Route 9: a teacher opens an attendance session for a class they own. */
@Tag(name = "attendance")
@SecurityRequirement(name = OpenApiConfig.TOKEN)
@RestController
public class AttendanceController {

    private final CommandGateway commands;
    private final ClassLookup classes;

    public AttendanceController(CommandGateway commands, ClassLookup classes) {
        this.commands = commands;
        this.classes = classes;
    }

    @Operation(summary = "Open an attendance session", description = "Only the teacher who owns the class. "
            + "Supersedes the teacher's previous active session. The live session itself runs over the WebSocket: "
            + "see /docs/asyncapi.yaml.")
    @ApiResponse(responseCode = "200",
            content = @Content(schema = @Schema(implementation = Bodies.SessionStartedBody.class)))
    @Refusals(role = TEACHER, value = {INVALID_SCHEMA, CLASS_NOT_FOUND, NOT_CLASS_TEACHER})
    @PostMapping("/attendance/start")
    Envelope start(@AuthenticationPrincipal Caller caller, @Valid @RequestBody Requests.StartAttendance body) {
        classes.require(body.classId());
        String sessionId = new ObjectId().toHexString();
        Instant startedAt = commands.sendAndWait(new StartSession(body.classId(), sessionId, caller.userId()));
        return Envelope.ok(new Bodies.SessionStartedBody(body.classId(), Timestamps.format(startedAt), sessionId));
    }
}

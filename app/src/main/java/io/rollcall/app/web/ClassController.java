package io.rollcall.app.web;

import io.rollcall.app.envelope.Envelope;
import io.rollcall.api.classes.ClassRoster;
import io.rollcall.api.classes.ClassView;
import io.rollcall.api.classes.CreateClass;
import io.rollcall.api.classes.EnrolStudent;
import io.rollcall.api.classes.FindClassRoster;
import io.rollcall.api.classes.FindClassesOf;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.FetchMyAttendance;
import io.rollcall.api.user.FindStudents;
import io.rollcall.api.user.UserView;
import io.rollcall.app.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.bson.types.ObjectId;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Optional;

import static io.rollcall.api.user.Role.STUDENT;
import static io.rollcall.api.user.Role.TEACHER;
import static io.rollcall.app.web.ContractError.CLASS_NOT_FOUND;
import static io.rollcall.app.web.ContractError.INVALID_SCHEMA;
import static io.rollcall.app.web.ContractError.NOT_CLASS_TEACHER;
import static io.rollcall.app.web.ContractError.NOT_ENROLLED;
import static io.rollcall.app.web.ContractError.STUDENT_NOT_FOUND;

/**
 * Routes 4–8, and the caller's classes (an extension). Role checks happened in security and the body is valid
 * by now; what is left is the contract's order: the class exists (404), then ownership or enrolment (403), then
 * the other ids (404, in the aggregate).
 */
@SecurityRequirement(name = OpenApiConfig.TOKEN)
@RestController
public class ClassController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ClassLookup classes;

    public ClassController(CommandGateway commands, QueryGateway queries, ClassLookup classes) {
        this.commands = commands;
        this.queries = queries;
        this.classes = classes;
    }

    @Operation(tags = "classes", summary = "Create a class",
            description = "Teachers only. The caller becomes the class's teacher.")
    @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = Bodies.ClassBody.class)))
    @Refusals(role = TEACHER, value = INVALID_SCHEMA)
    @PostMapping("/class")
    ResponseEntity<Envelope> create(@AuthenticationPrincipal Caller caller,
                                       @Valid @RequestBody Requests.NewClass body) {
        String classId = new ObjectId().toHexString();
        commands.sendAndWait(new CreateClass(classId, body.className(), caller.userId()));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(Envelope.ok(new Bodies.ClassBody(classId, body.className(), caller.userId(), List.of())));
    }

    @Operation(tags = "classes", summary = "Enrol a student", description = "Only the teacher who owns the class. "
            + "Enrolling an enrolled student again changes nothing and is still 200.")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Bodies.ClassBody.class)))
    @Refusals(role = TEACHER, value = {INVALID_SCHEMA, CLASS_NOT_FOUND, NOT_CLASS_TEACHER, STUDENT_NOT_FOUND})
    @PostMapping("/class/{id}/add-student")
    Envelope addStudent(@AuthenticationPrincipal Caller caller,
                        @Parameter(description = ClassLookup.ID_PARAMETER) @PathVariable String id,
                           @Valid @RequestBody Requests.AddStudent body) {
        classes.require(id);
        commands.sendAndWait(new EnrolStudent(id, body.studentId(), caller.userId()));
        return Envelope.ok(Bodies.ClassBody.of(classes.require(id)));
    }

    @Operation(tags = "classes", summary = "A class with its students", description = "The owning teacher, or a "
            + "student enrolled in the class (anyone else: \"Forbidden, not class teacher\").")
    @ApiResponse(responseCode = "200",
            content = @Content(schema = @Schema(implementation = Bodies.ClassWithStudents.class)))
    @Refusals({CLASS_NOT_FOUND, NOT_CLASS_TEACHER})
    @GetMapping("/class/{id}")
    Envelope get(@AuthenticationPrincipal Caller caller,
                 @Parameter(description = ClassLookup.ID_PARAMETER) @PathVariable String id) {
        ClassRoster roster = queries.query(new FindClassRoster(id), ResponseTypes.optionalInstanceOf(ClassRoster.class))
                .join().orElseThrow(ContractError.CLASS_NOT_FOUND::exception);
        boolean owner = caller.isTeacher() && roster.teacherId().equals(caller.userId());
        boolean enrolled = caller.isStudent()
                && roster.students().stream().anyMatch(s -> s.userId().equals(caller.userId()));
        if (!owner && !enrolled) {
            throw ContractError.NOT_CLASS_TEACHER.exception();
        }
        return Envelope.ok(Bodies.ClassWithStudents.of(roster));
    }

    /** Extension: the classes the caller teaches or is enrolled in, the most recently created or joined first. */
    @Operation(tags = "classes", summary = "The caller's classes", description = "Any user. A teacher's: the "
            + "classes they created; a student's: the classes they are enrolled in. The most recently created or "
            + "joined first; empty before the first.")
    @ApiResponse(responseCode = "200",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = Bodies.ClassBody.class))))
    @GetMapping("/classes")
    Envelope mine(@AuthenticationPrincipal Caller caller) {
        List<ClassView> mine = queries.query(new FindClassesOf(caller.userId()),
                ResponseTypes.multipleInstancesOf(ClassView.class)).join();
        return Envelope.ok(mine.stream().map(Bodies.ClassBody::of).toList());
    }

    @Operation(tags = "classes", summary = "Every student",
            description = "Teachers only. Every user whose role is student.")
    @ApiResponse(responseCode = "200",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = Bodies.Student.class))))
    @Refusals(role = TEACHER)
    @GetMapping("/students")
    Envelope students() {
        List<UserView> students = queries.query(new FindStudents(), ResponseTypes.multipleInstancesOf(UserView.class))
                .join();
        return Envelope.ok(students.stream().map(Bodies.Student::of).toList());
    }

    @Operation(tags = "attendance", summary = "The caller's status in the class's latest finalized session",
            description = "Students enrolled in the class. `status` is null until the class has a finalized "
                    + "session.")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Bodies.MyAttendance.class)))
    @Refusals(role = STUDENT, value = {CLASS_NOT_FOUND, NOT_ENROLLED})
    @GetMapping("/class/{id}/my-attendance")
    Envelope myAttendance(@AuthenticationPrincipal Caller caller,
                          @Parameter(description = ClassLookup.ID_PARAMETER) @PathVariable String id) {
        classes.requireEnrolled(id, caller.userId());
        Optional<AttendanceStatus> status = queries.query(new FetchMyAttendance(id, caller.userId()),
                ResponseTypes.optionalInstanceOf(AttendanceStatus.class)).join();
        return Envelope.ok(new Bodies.MyAttendance(id, status.map(AttendanceStatus::wireName).orElse(null)));
    }
}

package io.rollcall.app.web;

import io.rollcall.app.envelope.Envelope;
import io.rollcall.api.user.FindUser;
import io.rollcall.api.user.RegisterUser;
import io.rollcall.api.user.Role;
import io.rollcall.api.user.UserView;
import io.rollcall.app.security.Caller;
import io.rollcall.app.security.JwtService;
import io.rollcall.app.throttle.AuthThrottle;
import io.rollcall.app.throttle.DelayedRefusals;
import io.rollcall.app.throttle.PasswordHashing;
import io.rollcall.command.user.CredentialStore;
import io.rollcall.command.user.EmailRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.bson.types.ObjectId;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static io.rollcall.app.web.ContractError.EMAIL_EXISTS;
import static io.rollcall.app.web.ContractError.INVALID_CREDENTIALS;
import static io.rollcall.app.web.ContractError.INVALID_SCHEMA;
import static io.rollcall.app.web.ContractError.USER_NOT_FOUND;

/**
 * Routes 1–3: signup, login, me (each also under its short alias). Signup and login pass the {@link AuthThrottle}
 * (429, answered after a short delay: {@link DelayedRefusals}) and hash on the bounded {@link PasswordHashing}
 * pool (503 when it is full).
 */
@Tag(name = "auth")
@RestController
public class AuthController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final EmailRegistry emails;
    private final CredentialStore credentials;
    private final PasswordHashing passwords;
    private final AuthThrottle throttle;
    private final JwtService jwt;
    private final DelayedRefusals refusals;

    public AuthController(CommandGateway commands, QueryGateway queries, EmailRegistry emails,
                          CredentialStore credentials, PasswordHashing passwords, AuthThrottle throttle,
                          JwtService jwt, DelayedRefusals refusals) {
        this.commands = commands;
        this.queries = queries;
        this.emails = emails;
        this.credentials = credentials;
        this.passwords = passwords;
        this.throttle = throttle;
        this.jwt = jwt;
        this.refusals = refusals;
    }

    @Operation(summary = "Register a user", description = "Open to anyone. Emails are unique regardless of letter "
            + "case. The password is never returned.")
    @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = Bodies.UserBody.class)))
    @Refusals(value = {INVALID_SCHEMA, EMAIL_EXISTS}, throttled = true)
    @PostMapping({"/auth/signup", "/signup"})
    DeferredResult<ResponseEntity<Envelope>> signup(@Valid @RequestBody Requests.Signup body,
                                                    HttpServletRequest request) {
        return refusals.answer(() -> register(body, request.getRemoteAddr()));
    }

    private ResponseEntity<Envelope> register(Requests.Signup body, String address) {
        if (body.password().getBytes(StandardCharsets.UTF_8).length > 72) {
            throw ContractError.INVALID_SCHEMA.exception(); // bcrypt's limit is in bytes, not characters
        }
        throttle.beginSignup(body.email(), address);
        String userId = new ObjectId().toHexString();
        Role role = Role.fromWire(body.role()).orElseThrow();
        commands.sendAndWait(new RegisterUser(userId, body.name(), body.email(), role,
                passwords.encode(body.password())));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(Envelope.ok(new Bodies.UserBody(userId, body.name(), body.email(), role.wireName())));
    }

    @Operation(summary = "Get a token (HS256 JWT, 24 h)",
            description = "Open to anyone. The email is matched regardless of letter case.")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Bodies.Token.class)))
    @Refusals(value = {INVALID_SCHEMA, INVALID_CREDENTIALS}, throttled = true)
    @PostMapping({"/auth/login", "/login"})
    DeferredResult<Envelope> login(@Valid @RequestBody Requests.Login body, HttpServletRequest request) {
        return refusals.answer(() -> logIn(body, request.getRemoteAddr()));
    }

    private Envelope logIn(Requests.Login body, String address) {
        AuthThrottle.LoginAttempt attempt = throttle.beginLogin(body.email(), address);
        boolean wrong = false;
        try {
            Optional<UserView> user = emails.holderOf(body.email())
                    .filter(userId -> credentials.hashOf(userId)
                            .filter(hash -> passwordMatches(body.password(), hash)).isPresent())
                    .flatMap(this::findUser);
            wrong = user.isEmpty();
            UserView found = user.orElseThrow(ContractError.INVALID_CREDENTIALS::exception);
            return Envelope.ok(new Bodies.Token(jwt.issue(found.userId(), found.role())));
        } finally {
            if (!wrong) {
                attempt.notAFailure(); // right password, or no answer at all (busy, database down)
            }
        }
    }

    @Operation(summary = "The caller", description = "Any user with a valid token.",
            security = @SecurityRequirement(name = OpenApiConfig.TOKEN))
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Bodies.UserBody.class)))
    @Refusals(USER_NOT_FOUND)
    @GetMapping({"/auth/me", "/me"})
    Envelope me(@AuthenticationPrincipal Caller caller) {
        UserView user = findUser(caller.userId()).orElseThrow(ContractError.USER_NOT_FOUND::exception);
        return Envelope.ok(Bodies.UserBody.of(user));
    }

    private boolean passwordMatches(String password, String hash) {
        return password.getBytes(StandardCharsets.UTF_8).length <= 72 && passwords.matches(password, hash);
    }

    private Optional<UserView> findUser(String userId) {
        return queries.query(new FindUser(userId), ResponseTypes.optionalInstanceOf(UserView.class)).join();
    }
}

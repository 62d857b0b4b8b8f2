package io.rollcall.app.web;

import io.rollcall.app.envelope.RetryLaterException;
import io.rollcall.app.envelope.Envelope;
import io.rollcall.app.security.SecurityConfig;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.PathItem.HttpMethod;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OpenAPI document at {@code /docs/openapi.json} (Swagger UI at {@code /docs}). springdoc reads the routes and
 * request bodies from the controllers; this class adds what the code cannot say: who may call a route, the
 * success payload inside the envelope, and every error the route can answer, with the contract's exact strings.
 * The controllers stay free of documentation annotations. A route listed here that no controller maps stops
 * the document from being built, and so does a query parameter documented but not read (or read but not
 * documented), so the two cannot drift apart silently. The contract's routes are listed here, the routes Rollcall
 * adds in {@link ExtensionRoutesDoc}.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {

    static final String TOKEN = "token";
    private static final String JSON = "application/json";

    /** An error answer: status and the exact envelope message. */
    record Failure(HttpStatus status, String message) {
        static Failure of(ContractError error) {
            return new Failure(error.status(), error.message());
        }
    }

    static final Failure UNAUTHORIZED = new Failure(HttpStatus.UNAUTHORIZED, SecurityConfig.UNAUTHORIZED);
    static final Failure TEACHER_ONLY = new Failure(HttpStatus.FORBIDDEN, SecurityConfig.TEACHER_REQUIRED);
    static final Failure STUDENT_ONLY = new Failure(HttpStatus.FORBIDDEN, SecurityConfig.STUDENT_REQUIRED);
    static final Failure INVALID_SCHEMA = Failure.of(ContractError.INVALID_SCHEMA);
    static final Failure INTERNAL = new Failure(HttpStatus.INTERNAL_SERVER_ERROR,
            EnvelopeErrorController.messageFor(HttpStatus.INTERNAL_SERVER_ERROR));
    /** Any route while the database cannot be reached; signup and login also when bcrypt's pool is full. */
    static final Failure UNAVAILABLE = new Failure(HttpStatus.SERVICE_UNAVAILABLE,
            RetryLaterException.SERVICE_UNAVAILABLE);
    /** Signup and login over their limits (with a Retry-After header). */
    static final Failure TOO_MANY = new Failure(HttpStatus.TOO_MANY_REQUESTS, RetryLaterException.TOO_MANY_REQUESTS);

    /**
     * One documented operation; {@code paths} are the route and its aliases. Errors are in the contract's order.
     * {@code query} lists every query parameter the controller reads. A {@code download} answers its success
     * as a raw file rather than the envelope ({@code dataSchema} and {@code dataExample} then describe the file).
     */
    record Route(HttpMethod method, List<String> paths, String tag, String summary, String description,
                 boolean authenticated, Object requestExample, HttpStatus success, String dataSchema,
                 Object dataExample, List<Failure> errors, List<Param> query, Download download) {

        /** A route answering the JSON envelope, without query parameters (every contract route). */
        Route(HttpMethod method, List<String> paths, String tag, String summary, String description,
              boolean authenticated, Object requestExample, HttpStatus success, String dataSchema,
              Object dataExample, List<Failure> errors) {
            this(method, paths, tag, summary, description, authenticated, requestExample, success, dataSchema,
                    dataExample, errors, List.of(), null);
        }
    }

    /** An optional query parameter; the schema carries its type, limits and default. */
    record Param(String name, String description, Schema<?> schema) {
    }

    /** A success that is a file: its media type and the Content-Disposition header it comes with. */
    record Download(String mediaType, Schema<?> contentDisposition) {
    }

    // ---- example values, as in docs/api.md ----
    static final String TEACHER_ID = "6b0a46faa4323906d82bbe47";
    static final String STUDENT_ID = "6b0a46fba4323906d82bbe49";
    static final String CLASS_ID = "6b0a46fda4323906d82bbe4b";
    static final String SESSION_ID = "6b0a46fea4323906d82bbe4e";

    static final List<Route> ROUTES = List.of(
            new Route(HttpMethod.POST, List.of("/auth/signup", "/signup"), "auth", "Register a user",
                    "Open to anyone. Emails are unique regardless of letter case. The password is never returned.",
                    false, ordered("name", "Ada Lovelace", "email", "ada@school.test", "password", "secret123",
                    "role", "teacher"),
                    HttpStatus.CREATED, "User", user(),
                    List.of(INVALID_SCHEMA, Failure.of(ContractError.EMAIL_EXISTS), TOO_MANY)),
            new Route(HttpMethod.POST, List.of("/auth/login", "/login"), "auth", "Get a token (HS256 JWT, 24 h)",
                    "Open to anyone. The email is matched regardless of letter case.",
                    false, ordered("email", "ada@school.test", "password", "secret123"),
                    HttpStatus.OK, "Token", Map.of("token", "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VySWQiOi..."),
                    List.of(INVALID_SCHEMA, Failure.of(ContractError.INVALID_CREDENTIALS), TOO_MANY)),
            new Route(HttpMethod.GET, List.of("/auth/me", "/me"), "auth", "The caller",
                    "Any user with a valid token.", true, null,
                    HttpStatus.OK, "User", user(),
                    List.of(UNAUTHORIZED, Failure.of(ContractError.USER_NOT_FOUND))),
            new Route(HttpMethod.POST, List.of("/class"), "classes", "Create a class",
                    "Teachers only. The caller becomes the class's teacher.",
                    true, Map.of("className", "Math 101"),
                    HttpStatus.CREATED, "SchoolClass", schoolClass(List.of()),
                    List.of(UNAUTHORIZED, TEACHER_ONLY, INVALID_SCHEMA)),
            new Route(HttpMethod.POST, List.of("/class/{id}/add-student"), "classes", "Enrol a student",
                    "Only the teacher who owns the class. Enrolling an enrolled student again changes nothing "
                            + "and is still 200.",
                    true, Map.of("studentId", STUDENT_ID),
                    HttpStatus.OK, "SchoolClass", schoolClass(List.of(STUDENT_ID)),
                    List.of(UNAUTHORIZED, TEACHER_ONLY, INVALID_SCHEMA, Failure.of(ContractError.CLASS_NOT_FOUND),
                            Failure.of(ContractError.NOT_CLASS_TEACHER), Failure.of(ContractError.STUDENT_NOT_FOUND))),
            new Route(HttpMethod.GET, List.of("/class/{id}"), "classes", "A class with its students",
                    "The owning teacher, or a student enrolled in the class (anyone else: "
                            + "\"Forbidden, not class teacher\").", true, null,
                    HttpStatus.OK, "ClassWithStudents", ordered("_id", CLASS_ID, "className", "Math 101",
                    "teacherId", TEACHER_ID, "students", List.of(student())),
                    List.of(UNAUTHORIZED, Failure.of(ContractError.CLASS_NOT_FOUND),
                            Failure.of(ContractError.NOT_CLASS_TEACHER))),
            new Route(HttpMethod.GET, List.of("/students"), "classes", "Every student",
                    "Teachers only. Every user whose role is student.", true, null,
                    HttpStatus.OK, "Students", List.of(student()),
                    List.of(UNAUTHORIZED, TEACHER_ONLY)),
            new Route(HttpMethod.GET, List.of("/class/{id}/my-attendance"), "attendance",
                    "The caller's status in the class's latest finalized session",
                    "Students enrolled in the class. `status` is null until the class has a finalized session.",
                    true, null,
                    HttpStatus.OK, "MyAttendance", ordered("classId", CLASS_ID, "status", "present"),
                    List.of(UNAUTHORIZED, STUDENT_ONLY, Failure.of(ContractError.CLASS_NOT_FOUND),
                            Failure.of(ContractError.NOT_ENROLLED))),
            new Route(HttpMethod.POST, List.of("/attendance/start"), "attendance", "Open an attendance session",
                    "Only the teacher who owns the class. Supersedes the teacher's previous active session. "
                            + "The live session itself runs over the WebSocket: see /docs/asyncapi.yaml.",
                    true, Map.of("classId", CLASS_ID),
                    HttpStatus.OK, "SessionStarted", ordered("classId", CLASS_ID,
                    "startedAt", "2025-03-11T10:00:00.000Z", "sessionId", SESSION_ID),
                    List.of(UNAUTHORIZED, TEACHER_ONLY, INVALID_SCHEMA, Failure.of(ContractError.CLASS_NOT_FOUND),
                            Failure.of(ContractError.NOT_CLASS_TEACHER))));

    @Bean
    public OpenAPI rollcallOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Rollcall API").version("1")
                        .description("""
                                Live classroom attendance. Every HTTP response is an envelope: \
                                `{"success": true, "data": ...}` or `{"success": false, "error": "<message>"}`; \
                                the error messages are fixed strings. An unknown path answers 404 `Route not found`, \
                                a known path with the wrong method 405 `Method not allowed`. The WebSocket \
                                protocol (`/ws?token=<JWT>`) is described in AsyncAPI at [/docs/asyncapi.yaml]\
                                (/docs/asyncapi.yaml); the full reference is docs/api.md."""))
                .components(new Components()
                        .addSecuritySchemes(TOKEN, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("Authorization")
                                .description("The JWT from POST /auth/login, raw (`Authorization: <JWT>`) or "
                                        + "as `Authorization: Bearer <JWT>`.")));
    }

    @Bean
    public OpenApiCustomizer contractRoutes() {
        return openApi -> {
            // springdoc fills the schemas after the OpenAPI bean is built: the payloads are added here
            Components components = openApi.getComponents();
            if (components.getSchemas() != null) {
                components.getSchemas().remove("Envelope"); // the untyped Java envelope; typed per route below
            }
            schemas().forEach(components::addSchemas);
            ExtensionRoutesDoc.schemas().forEach(components::addSchemas);
            for (List<Route> routes : List.of(ROUTES, ExtensionRoutesDoc.ROUTES)) {
                routes.forEach(route -> route.paths().forEach(path -> document(openApi, route, path)));
            }
        };
    }

    private static void document(OpenAPI openApi, Route route, String path) {
        PathItem item = openApi.getPaths() == null ? null : openApi.getPaths().get(path);
        Operation operation = item == null ? null : item.readOperationsMap().get(route.method());
        if (operation == null) {
            throw new IllegalStateException("Documented route is not mapped: " + route.method() + " " + path);
        }
        boolean alias = !path.equals(route.paths().get(0));
        operation.tags(List.of(route.tag()))
                .summary(alias ? route.summary() + " (alias of " + route.paths().get(0) + ")" : route.summary())
                .description(route.description());
        // an open route says so explicitly (security: []), so no tool assumes a token is needed
        operation.security(route.authenticated() ? List.of(new SecurityRequirement().addList(TOKEN)) : List.of());
        if (operation.getParameters() != null) {
            operation.getParameters().stream().filter(p -> "id".equals(p.getName()))
                    .forEach(p -> p.description("The class id (24 hex characters; any other string is "
                            + "\"Class not found\")."));
            operation.getParameters().stream().filter(p -> "sessionId".equals(p.getName()) && "path".equals(p.getIn()))
                    .forEach(p -> p.description("The session id; one that is not a session of this class "
                            + "(or not an id at all) is \"Session not found\"."));
        }
        documentQuery(operation, route, path);
        if (route.requestExample() != null && operation.getRequestBody() != null) {
            operation.getRequestBody().getContent().values().forEach(media -> media.example(route.requestExample()));
        }
        ApiResponses responses = new ApiResponses();
        responses.addApiResponse(String.valueOf(route.success().value()), success(route));
        Map<HttpStatus, MediaType> failures = new LinkedHashMap<>();
        for (Failure failure : concat(route.errors(), INTERNAL, UNAVAILABLE)) {
            failures.computeIfAbsent(failure.status(), status -> new MediaType()
                            .schema(new Schema<>().$ref("#/components/schemas/Failure")))
                    .addExamples(failure.message(), new Example().summary(failure.message())
                            .value(ordered("success", false, "error", failure.message())));
        }
        failures.forEach((status, media) -> {
            var answer = new io.swagger.v3.oas.models.responses.ApiResponse()
                    .description(String.join(" / ", media.getExamples().keySet()))
                    .content(new Content().addMediaType(JSON, media));
            if (status == HttpStatus.TOO_MANY_REQUESTS) {
                answer.addHeaderObject("Retry-After", new Header().required(true)
                        .description("Seconds until a retry can succeed").schema(new IntegerSchema()));
            }
            responses.addApiResponse(String.valueOf(status.value()), answer);
        });
        operation.responses(responses);
    }

    /** springdoc lists the query parameters the controller reads; they must be exactly the documented ones. */
    private static void documentQuery(Operation operation, Route route, String path) {
        List<Parameter> mapped = operation.getParameters() == null ? List.of() : operation.getParameters();
        Set<String> read = new TreeSet<>();
        mapped.stream().filter(p -> "query".equals(p.getIn())).forEach(p -> read.add(p.getName()));
        Set<String> documented = new TreeSet<>();
        route.query().forEach(param -> documented.add(param.name()));
        if (!read.equals(documented)) {
            throw new IllegalStateException("Query parameters of " + route.method() + " " + path + ": the controller "
                    + "reads " + read + ", the document lists " + documented);
        }
        List<Parameter> parameters = new ArrayList<>(mapped.stream().filter(p -> !"query".equals(p.getIn())).toList());
        route.query().forEach(param -> parameters.add(new QueryParameter().name(param.name()).required(false)
                .description(param.description()).schema(param.schema())));
        operation.parameters(parameters.isEmpty() ? null : parameters);
    }

    /** The success answer: the envelope around the payload, or for a download the file itself. */
    private static io.swagger.v3.oas.models.responses.ApiResponse success(Route route) {
        var answer = new io.swagger.v3.oas.models.responses.ApiResponse()
                .description(route.success().getReasonPhrase());
        if (route.download() == null) {
            return answer.content(new Content().addMediaType(JSON, new MediaType()
                    .schema(successEnvelope(route.dataSchema()))
                    .example(ordered("success", true, "data", route.dataExample()))));
        }
        return answer.addHeaderObject("Content-Disposition", new Header().required(true)
                        .schema(route.download().contentDisposition()))
                .content(new Content().addMediaType(route.download().mediaType(), new MediaType()
                        .schema(new Schema<>().$ref("#/components/schemas/" + route.dataSchema()))
                        .example(route.dataExample())));
    }

    private static List<Failure> concat(List<Failure> errors, Failure... always) {
        List<Failure> all = new ArrayList<>(errors);
        all.addAll(List.of(always));
        return all;
    }

    private static Schema<?> successEnvelope(String dataSchema) {
        return object("success", new BooleanSchema()._default(true).description("Always true"),
                "data", new Schema<>().$ref("#/components/schemas/" + dataSchema));
    }

    private static Map<String, Schema> schemas() {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        schemas.put("Failure", object(
                "success", new BooleanSchema()._default(false).description("Always false"),
                "error", new StringSchema().description("One of the contract's fixed messages")));
        schemas.put("User", object("_id", id("The user's id"), "name", new StringSchema(),
                "email", new StringSchema(), "role", role()));
        schemas.put("Student", object("_id", id("The student's id"), "name", new StringSchema(),
                "email", new StringSchema()));
        schemas.put("Students", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/Student")));
        schemas.put("Token", object("token", new StringSchema().description(
                "HS256 JWT; claims userId, role, iat, exp = iat + 24 h")));
        schemas.put("SchoolClass", object("_id", id("The class id"), "className", new StringSchema(),
                "teacherId", id("The owning teacher's id"), "studentIds", new ArraySchema().items(id(null))));
        schemas.put("ClassWithStudents", object("_id", id("The class id"), "className", new StringSchema(),
                "teacherId", id("The owning teacher's id"),
                "students", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/Student"))));
        StringSchema status = new StringSchema();
        status.setEnum(java.util.Arrays.asList("present", "absent", null));
        status.nullable(true).description("From the class's latest finalized session; null if there is none");
        schemas.put("MyAttendance", object("classId", id("The class id"), "status", status));
        schemas.put("SessionStarted", object("classId", id("The class id"),
                "startedAt", new StringSchema().example("2025-03-11T10:00:00.000Z")
                        .description("UTC ISO-8601 with exactly 3 fraction digits and Z"),
                "sessionId", id("ext: the new session's id")));
        return schemas;
    }

    /** An object whose properties, given as name, schema, name, schema..., are all required, in wire order. */
    static Schema<?> object(Object... namesAndSchemas) {
        ObjectSchema schema = new ObjectSchema();
        for (int i = 0; i < namesAndSchemas.length; i += 2) {
            schema.addProperty((String) namesAndSchemas[i], (Schema<?>) namesAndSchemas[i + 1]);
        }
        schema.required(List.copyOf(schema.getProperties().keySet()));
        return schema;
    }

    static Schema<?> id(String description) {
        return new StringSchema().pattern("^[0-9a-f]{24}$").example(TEACHER_ID).description(description);
    }

    private static Schema<?> role() {
        StringSchema role = new StringSchema();
        role.setEnum(List.of("teacher", "student"));
        return role;
    }

    private static Map<String, Object> user() {
        return ordered("_id", TEACHER_ID, "name", "Ada Lovelace", "email", "ada@school.test", "role", "teacher");
    }

    private static Map<String, Object> student() {
        return ordered("_id", STUDENT_ID, "name", "Sam Student", "email", "sam@school.test");
    }

    private static Map<String, Object> schoolClass(List<String> studentIds) {
        return ordered("_id", CLASS_ID, "className", "Math 101", "teacherId", TEACHER_ID, "studentIds", studentIds);
    }

    /** A JSON object for an example, keeping the field order of the wire. */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}

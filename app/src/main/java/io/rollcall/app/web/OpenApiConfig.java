package io.rollcall.app.web;

import io.rollcall.api.user.Role;
import io.rollcall.app.envelope.RetryLaterException;
import io.rollcall.app.security.SecurityConfig;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.PathItem.HttpMethod;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI document at {@code /docs/openapi.json} (Swagger UI at {@code /docs}). springdoc reads the routes,
 * parameters, payload schemas and examples from the controllers' and the bodies' annotations; this class adds
 * only what every route shares: the envelope around each payload, the token scheme, the error answers (from each
 * route's {@link Refusals}, plus the 500 and 503 any route can answer) and the aliases' summaries.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {

    /** The name of the security scheme that {@code @SecurityRequirement} refers to. */
    public static final String TOKEN = "token";
    private static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;
    private static final String SCHEMAS = "#/components/schemas/";

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

    /** Each route's errors, as envelopes with the exact messages, in the order its checks run. */
    @Bean
    public OperationCustomizer refusals() {
        return (operation, handler) -> {
            boolean token = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
            if (!token) {
                operation.setSecurity(List.of()); // an open route says so, so no tool assumes a token is needed
            }
            Map<HttpStatus, List<String>> errors = new LinkedHashMap<>();
            if (token) {
                add(errors, HttpStatus.UNAUTHORIZED, SecurityConfig.UNAUTHORIZED);
            }
            Refusals refusals = handler.getMethodAnnotation(Refusals.class);
            if (refusals != null) {
                for (Role role : refusals.role()) {
                    add(errors, HttpStatus.FORBIDDEN,
                            role == Role.TEACHER ? SecurityConfig.TEACHER_REQUIRED : SecurityConfig.STUDENT_REQUIRED);
                }
                for (ContractError error : refusals.value()) {
                    add(errors, error.status(), error.message());
                }
                if (refusals.throttled()) {
                    add(errors, HttpStatus.TOO_MANY_REQUESTS, RetryLaterException.TOO_MANY_REQUESTS);
                }
            }
            add(errors, HttpStatus.INTERNAL_SERVER_ERROR,
                    EnvelopeErrorController.messageFor(HttpStatus.INTERNAL_SERVER_ERROR));
            add(errors, HttpStatus.SERVICE_UNAVAILABLE, RetryLaterException.SERVICE_UNAVAILABLE);
            if (operation.getResponses() == null) {
                operation.setResponses(new ApiResponses());
            }
            errors.forEach((status, messages) -> operation.getResponses()
                    .addApiResponse(String.valueOf(status.value()), failure(status, messages)));
            return operation;
        };
    }

    /** The envelope around every JSON payload, examples built from the bodies' own, and the aliases. */
    @Bean
    public OpenApiCustomizer envelopes(
            @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        return openApi -> {
            Map<String, Schema> schemas = openApi.getComponents().getSchemas();
            schemas.values().forEach(OpenApiConfig::complete);
            schemas.put("Failure", object(new BooleanSchema()._default(false).description("Always false"),
                    "error", new StringSchema().description("One of the contract's fixed messages")));
            openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
                if (operation.getRequestBody() != null) {
                    operation.getRequestBody().getContent().values()
                            .forEach(media -> media.example(example(media.getSchema(), schemas)));
                }
                operation.getResponses().entrySet().stream().filter(answer -> answer.getKey().startsWith("2"))
                        .forEach(answer -> answer.getValue().getContent().forEach((type, media) ->
                                document(type, media, schemas)));
            }));
            mappings.getHandlerMethods().values().forEach(handler -> markAliases(openApi, handler.getMethod()));
        };
    }

    /** A route mapped under several paths is documented under each; the later ones say whose alias they are. */
    private static void markAliases(OpenAPI openApi, Method handler) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler, RequestMapping.class);
        String[] paths = mapping == null ? new String[0] : mapping.path();
        for (int i = 1; i < paths.length; i++) {
            PathItem alias = openApi.getPaths().get(paths[i]);
            for (RequestMethod method : mapping.method()) {
                Operation operation = alias == null ? null
                        : alias.readOperationsMap().get(HttpMethod.valueOf(method.name()));
                if (operation != null) {
                    operation.summary(operation.getSummary() + " (alias of " + paths[0] + ")");
                }
            }
        }
    }

    /** What springdoc leaves out of a body's schema. */
    @SuppressWarnings("unchecked")
    private static void complete(Schema<?> schema) {
        if (schema.getProperties() == null) {
            return;
        }
        if (schema.getRequired() == null) { // a record writes every field; request bodies list theirs already
            schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
        }
        for (Schema<?> property : schema.getProperties().values()) {
            // a nullable field's enum lists null too, or a validator refuses the null that nullable allows
            if (Boolean.TRUE.equals(property.getNullable()) && property.getEnum() != null
                    && !property.getEnum().contains(null)) {
                ((Schema<Object>) property).addEnumItemObject(null);
            }
        }
    }

    /** A JSON success becomes the envelope around its payload (named, so the envelope refers to it by name). */
    private static void document(String type, MediaType media, Map<String, Schema> schemas) {
        Schema<?> data = media.getSchema();
        if (type.equals(JSON)) {
            if (data.get$ref() == null) {
                String name = data.getItems().get$ref().substring(SCHEMAS.length()) + "List";
                schemas.put(name, data);
                data = new Schema<>().$ref(SCHEMAS + name);
            }
            Map<String, Object> example = new LinkedHashMap<>();
            example.put("success", true);
            example.put("data", example(data, schemas));
            media.schema(object(new BooleanSchema()._default(true).description("Always true"), "data", data))
                    .example(example);
        } else if (media.getExample() == null) {
            media.example(example(data, schemas));
        }
    }

    /** An example value from the schemas' own examples: one item per array, null where a field has none. */
    private static Object example(Schema<?> schema, Map<String, Schema> schemas) {
        if (schema.get$ref() != null) {
            return example(schemas.get(schema.get$ref().substring(SCHEMAS.length())), schemas);
        }
        if (schema.getExample() != null) {
            return schema.getExample();
        }
        if (schema.getItems() != null) {
            return Collections.singletonList(example(schema.getItems(), schemas));
        }
        if (schema.getProperties() == null) {
            return null;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        schema.getProperties().forEach((name, property) -> fields.put(name, example(property, schemas)));
        return fields;
    }

    /** The envelope: {@code success} and one other field, both always there. */
    private static Schema<?> object(Schema<?> success, String field, Schema<?> value) {
        return new ObjectSchema().addProperty("success", success).addProperty(field, value)
                .required(List.of("success", field));
    }

    private static void add(Map<HttpStatus, List<String>> errors, HttpStatus status, String message) {
        errors.computeIfAbsent(status, any -> new ArrayList<>()).add(message);
    }

    private static ApiResponse failure(HttpStatus status, List<String> messages) {
        MediaType media = new MediaType().schema(new Schema<>().$ref(SCHEMAS + "Failure"));
        for (String message : messages) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("success", false);
            value.put("error", message);
            media.addExamples(message, new Example().summary(message).value(value));
        }
        ApiResponse answer = new ApiResponse().description(String.join(" / ", messages))
                .content(new Content().addMediaType(JSON, media));
        if (status == HttpStatus.TOO_MANY_REQUESTS) {
            answer.addHeaderObject("Retry-After", new Header().required(true)
                    .description("Seconds until a retry can succeed").schema(new IntegerSchema()));
        }
        return answer;
    }
}

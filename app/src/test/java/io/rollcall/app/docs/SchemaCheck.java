package io.rollcall.app.docs;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks a JSON value against a schema of the OpenAPI document, as far as the document uses schemas: $ref, type,
 * required and documented properties (an undocumented field is a problem too), items, nullable, enum, pattern,
 * maxLength, minimum and maximum. Enough to tell whether a real answer or an example is what the document says.
 */
final class SchemaCheck {

    private static final String REF = "#/components/schemas/";

    private final JsonNode schemas;

    SchemaCheck(JsonNode document) {
        this.schemas = document.path("components").path("schemas");
    }

    void assertValid(JsonNode schema, JsonNode value, String what) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "$", problems);
        assertThat(problems).as("%s against its schema: %s", what, value).isEmpty();
    }

    private void check(JsonNode schema, JsonNode value, String at, List<String> problems) {
        if (schema.has("$ref")) {
            String ref = schema.path("$ref").asText();
            JsonNode target = ref.startsWith(REF) ? schemas.path(ref.substring(REF.length())) : null;
            if (target == null || target.isMissingNode()) {
                problems.add(at + ": unresolved " + ref);
            } else {
                check(target, value, at, problems);
            }
            return;
        }
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                problems.add(at + ": null, not nullable");
            }
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode option : schema.path("enum")) {
                listed |= option.equals(value);
            }
            if (!listed) {
                problems.add(at + ": " + value + " not in " + schema.path("enum"));
            }
        }
        switch (schema.path("type").asText()) {
            case "object" -> object(schema, value, at, problems);
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(at + ": not an array");
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(schema.path("items"), value.get(i), at + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(at + ": not a string");
                    return;
                }
                String text = value.asText();
                if (schema.has("pattern") && !Pattern.compile(schema.path("pattern").asText()).matcher(text).find()) {
                    problems.add(at + ": " + text + " does not match " + schema.path("pattern").asText());
                }
                if (schema.has("maxLength") && text.length() > schema.path("maxLength").asInt()) {
                    problems.add(at + ": longer than " + schema.path("maxLength"));
                }
            }
            case "integer", "number" -> {
                boolean integer = schema.path("type").asText().equals("integer");
                if (!value.isNumber() || integer && !value.isIntegralNumber()) {
                    problems.add(at + ": not an " + schema.path("type").asText());
                    return;
                }
                BigDecimal number = value.decimalValue();
                if (schema.has("minimum") && number.compareTo(schema.path("minimum").decimalValue()) < 0) {
                    problems.add(at + ": below " + schema.path("minimum"));
                }
                if (schema.has("maximum") && number.compareTo(schema.path("maximum").decimalValue()) > 0) {
                    problems.add(at + ": above " + schema.path("maximum"));
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(at + ": not a boolean");
                }
            }
            default -> problems.add(at + ": schema without a type " + schema);
        }
    }

    private void object(JsonNode schema, JsonNode value, String at, List<String> problems) {
        if (!value.isObject()) {
            problems.add(at + ": not an object");
            return;
        }
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add(at + ": missing " + required.asText());
            }
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!schema.path("properties").has(name)) {
                problems.add(at + ": undocumented field " + name);
            } else {
                check(schema.path("properties").path(name), value.path(name), at + "." + name, problems);
            }
        }
    }
}

package io.rollcall.app.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * A number or boolean where the contract says string is a wrong type, not something to coerce; objects and
 * arrays already fail (no operator objects reach a query: the NoSQL-injection shape).
 */
@Configuration(proxyBeanMethods = false)
public class StrictJsonConfig {

    @Bean
    public Jackson2ObjectMapperBuilderCustomizer noScalarCoercionToText() {
        return builder -> builder.postConfigurer(mapper -> mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /**
     * HTTP request bodies must be exactly one JSON document: content after it ({@code {...} junk}) is "not JSON"
     * rather than ignored, and a repeated key is refused as unreadable (Jackson cannot bind a repeated key to a
     * record's constructor and would otherwise answer 500).
     */
    @Bean
    public MappingJackson2HttpMessageConverter mappingJackson2HttpMessageConverter(ObjectMapper objectMapper) {
        return new MappingJackson2HttpMessageConverter(strict(objectMapper));
    }

    /** Request documents are shallow; anything nested deeper is refused before it is built. */
    public static final int MAX_NESTING_DEPTH = 32;

    /**
     * A copy of the application's mapper that reads exactly one JSON document: no content after it, no repeated
     * key, at most {@link #MAX_NESTING_DEPTH} levels of objects and arrays. HTTP bodies and WebSocket frames are
     * both read with it.
     */
    public static ObjectMapper strict(ObjectMapper objectMapper) {
        ObjectMapper strict = objectMapper.copy()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        strict.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH).build());
        return strict;
    }
}

package io.rollcall.app.web;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The WebSocket protocol as an AsyncAPI 2.6.0 document, next to the OpenAPI one. */
@RestController
public class AsyncApiController {

    static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final Resource document = new ClassPathResource("docs/asyncapi.yaml");

    @GetMapping("/docs/asyncapi.yaml")
    ResponseEntity<Resource> asyncApi() {
        return ResponseEntity.ok().contentType(YAML).body(document);
    }
}

package io.rollcall.app.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every answer is a JSON envelope whatever the client's Accept header says: honouring {@code Accept: text/html}
 * would turn every response into an empty 406.
 */
@Configuration(proxyBeanMethods = false)
public class JsonResponsesConfig implements WebMvcConfigurer {

    @Override
    public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
        configurer.ignoreAcceptHeader(true).defaultContentType(MediaType.APPLICATION_JSON);
    }
}

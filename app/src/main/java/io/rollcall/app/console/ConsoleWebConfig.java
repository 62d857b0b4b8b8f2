package io.rollcall.app.console;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Duration;

/**
 * The web console: static files from {@code classpath:/console/} at {@code /app/...}, its page also at {@code /}.
 * The console is a client of the public API like any other; nothing here adds a route that answers JSON.
 * <p>
 * Cache headers: the console's own files keep their names across releases, so a browser revalidates them on
 * each use ({@code no-cache}, answered by a 304 through Last-Modified). The chart library is served from its
 * WebJar under a versioned path, so it is cached for a year and never revalidated.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleWebConfig implements WebMvcConfigurer {

    /** The paths of the console's page and files; {@code SecurityConfig} gives them a Content-Security-Policy. */
    public static final String[] PATHS = {"/", "/app", "/app/**"};

    /**
     * Only this origin's scripts, styles, sockets and fetches; data: and blob: images for the charts' and the
     * CSV's object URLs; never framed.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    static final String INDEX = "forward:/app/index.html";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/").setViewName(INDEX);
        registry.addViewController("/app").setViewName(INDEX);
        registry.addViewController("/app/").setViewName(INDEX);
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/app/**")
                .addResourceLocations("classpath:/console/")
                .setCacheControl(CacheControl.noCache().cachePrivate());
        registry.addResourceHandler("/webjars/chart.js/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/chart.js/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
    }
}

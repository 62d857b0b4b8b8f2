package io.rollcall.app.security;

import io.rollcall.app.console.ConsoleWebConfig;
import io.rollcall.app.envelope.Envelope;
import io.rollcall.app.envelope.EnvelopeWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.Arrays;

/**
 * The contract's first two checks live here, before any body is read: 401 without a valid token, then 403 for
 * the wrong role. Every other path is open to the security layer, so unknown routes still answer 404.
 * The web console's static files ({@link ConsoleWebConfig#PATHS}, GET only) are named first: they are public,
 * none of them is an API route, and they carry a Content-Security-Policy.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    public static final String UNAUTHORIZED = "Unauthorized, token missing or invalid";
    public static final String TEACHER_REQUIRED = "Forbidden, teacher access required";
    public static final String STUDENT_REQUIRED = "Forbidden, student access required";

    @Bean
    public PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    public SecurityFilterChain securityFilterChain(HttpSecurity http, CallerResolver callers, EnvelopeWriter envelope)
            throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new JwtAuthenticationFilter(callers, envelope), AnonymousAuthenticationFilter.class)
                .headers(headers -> headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                        consolePaths(), new StaticHeadersWriter("Content-Security-Policy",
                                ConsoleWebConfig.CONTENT_SECURITY_POLICY))))
                .authorizeHttpRequests(routes -> routes
                        .requestMatchers(HttpMethod.GET, ConsoleWebConfig.PATHS).permitAll()
                        .requestMatchers(HttpMethod.GET, "/webjars/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/auth/me", "/me", "/classes").authenticated()
                        .requestMatchers(HttpMethod.POST, "/class", "/class/*/add-student").hasRole("TEACHER")
                        .requestMatchers(HttpMethod.POST, "/attendance/start").hasRole("TEACHER")
                        .requestMatchers(HttpMethod.GET, "/students").hasRole("TEACHER")
                        .requestMatchers(HttpMethod.GET, "/class/*/my-attendance").hasRole("STUDENT")
                        .requestMatchers(HttpMethod.GET, "/class/*/audit").hasRole("TEACHER")
                        .requestMatchers(HttpMethod.GET, "/class/*/sessions", "/class/*/sessions/*",
                                "/class/*/attendance.csv", "/class/*/analytics").hasRole("TEACHER")
                        .requestMatchers(HttpMethod.GET, "/class/*/my-attendance/history").hasRole("STUDENT")
                        .requestMatchers(HttpMethod.GET, "/class/*").authenticated()
                        .anyRequest().permitAll())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) ->
                                envelope.write(response, HttpStatus.UNAUTHORIZED, Envelope.failure(UNAUTHORIZED)))
                        .accessDeniedHandler((request, response, e) ->
                                envelope.write(response, HttpStatus.FORBIDDEN, Envelope.failure(roleMessage()))));
        return http.build();
    }

    private static RequestMatcher consolePaths() {
        return new OrRequestMatcher(Arrays.stream(ConsoleWebConfig.PATHS)
                .map(path -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, path))
                .toList());
    }

    /** Routes are teacher-only or student-only, so the caller's own role tells which rule refused them. */
    private static String roleMessage() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        boolean student = auth != null && auth.getPrincipal() instanceof Caller caller && caller.isStudent();
        return student ? TEACHER_REQUIRED : STUDENT_REQUIRED;
    }
}

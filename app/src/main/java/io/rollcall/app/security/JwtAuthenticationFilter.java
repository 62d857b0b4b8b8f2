package io.rollcall.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;

/**
 * Stateless: every request authenticates from its own Authorization header. A bad token simply leaves the
 * request anonymous; the route rules then answer 401 where authentication is required.
 */
public class JwtAuthenticationFilter extends OncePerRequestFilter {

    private final CallerResolver callers;

    public JwtAuthenticationFilter(CallerResolver callers) {
        this.callers = callers;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        callers.fromAuthorizationHeader(request.getHeader(HttpHeaders.AUTHORIZATION)).ifPresent(caller -> {
            var authority = new SimpleGrantedAuthority("ROLE_" + caller.role().name());
            var authentication = new UsernamePasswordAuthenticationToken(caller, null, List.of(authority));
            SecurityContextHolder.getContext().setAuthentication(authentication);
        });
        chain.doFilter(request, response);
    }
}

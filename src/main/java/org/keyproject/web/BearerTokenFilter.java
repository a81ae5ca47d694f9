package org.keyproject.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.keyproject.people.ApiTokens;
import org.keyproject.people.CurrentUser;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authorization: Bearer kp_… authenticates an API call as the token's owner. */
class BearerTokenFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;
    private final ProblemResponses problems;

    BearerTokenFilter(ApiTokens tokens, ProblemResponses problems) {
        this.tokens = tokens;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Optional<CurrentUser> user = tokens.authenticate(header.substring(7).trim());
            if (user.isEmpty()) {
                problems.unauthorized(request, response, new BadCredentialsException("invalid token"));
                return;
            }
            var auth = UsernamePasswordAuthenticationToken.authenticated(user.get(), null, user.get().getAuthorities());
            SecurityContextHolder.getContext().setAuthentication(auth);
        }
        chain.doFilter(request, response);
    }
}

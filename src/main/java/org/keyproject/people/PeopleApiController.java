package org.keyproject.people;

import jakarta.validation.Valid;
import java.net.URI;
import org.keyproject.common.ForbiddenException;
import org.keyproject.common.PageResult;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
class PeopleApiController {

    private final People people;
    private final ApiTokens tokens;

    PeopleApiController(People people, ApiTokens tokens) {
        this.people = people;
        this.tokens = tokens;
    }

    /** All accounts and contacts, paged (administrators). */
    @GetMapping("/users")
    PageResult<UserAccount> users(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
                                  @AuthenticationPrincipal CurrentUser me) {
        if (!me.is(Role.ADMIN)) {
            throw new ForbiddenException("error.forbidden");
        }
        return people.listUsers(Math.max(page, 0), Math.min(Math.max(size, 1), 500));
    }

    @PostMapping("/users")
    ResponseEntity<UserAccount> create(@Valid @RequestBody NewUser input, @AuthenticationPrincipal CurrentUser me) {
        UserAccount created = people.createUser(input, me);
        return ResponseEntity.created(URI.create("/api/v1/users/" + created.id())).body(created);
    }

    @GetMapping("/users/{id}")
    UserAccount user(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        return people.getVisibleUser(id, me.scope());
    }

    @GetMapping("/me")
    UserAccount me(@AuthenticationPrincipal CurrentUser me) {
        return people.getUser(me.id());
    }

    /** Sets or removes the caller's e-mail address, where notices are sent. */
    @PutMapping("/me/email")
    UserAccount myEmail(@Valid @RequestBody EmailChange change, @AuthenticationPrincipal CurrentUser me) {
        return people.changeEmail(me.id(), change.email(), me);
    }

    /** Sets or removes anyone's e-mail address (administrators). */
    @PutMapping("/users/{id}/email")
    UserAccount email(@PathVariable long id, @Valid @RequestBody EmailChange change, @AuthenticationPrincipal CurrentUser me) {
        return people.changeEmail(id, change.email(), me);
    }

    /** Issues a personal access token for the caller; the token is shown in this answer only. */
    @PostMapping("/tokens")
    ResponseEntity<ApiTokens.IssuedToken> issue(@RequestBody(required = false) TokenRequest request,
                                                @AuthenticationPrincipal CurrentUser me) {
        ApiTokens.IssuedToken token = tokens.issue(me, request == null ? null : request.name(), request == null ? null : request.validDays());
        return ResponseEntity.status(201).body(token);
    }

    @DeleteMapping("/tokens/{id}")
    ResponseEntity<Void> revoke(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        return tokens.revoke(me, id) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    record TokenRequest(String name, Integer validDays) {
    }
}

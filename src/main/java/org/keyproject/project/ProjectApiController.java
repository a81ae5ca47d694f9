package org.keyproject.project;

import jakarta.validation.Valid;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import org.keyproject.audit.AuditEntry;
import org.keyproject.audit.AuditTrail;
import org.keyproject.common.PageResult;
import org.keyproject.people.CurrentUser;
import org.keyproject.web.HttpAnswers;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.BindException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
class ProjectApiController {

    private final ProjectQueries queries;
    private final Projects projects;
    private final AuditTrail audit;
    private final RequestBodies bodies;

    ProjectApiController(ProjectQueries queries, Projects projects, AuditTrail audit, RequestBodies bodies) {
        this.queries = queries;
        this.projects = projects;
        this.audit = audit;
        this.bodies = bodies;
    }

    /** The project list with the same filters as the page; paged, with the total count. */
    @GetMapping("/projects")
    PageResult<ProjectRow> list(ProjectFilter filter, @RequestParam(defaultValue = "0") int page,
                                @RequestParam(defaultValue = "20") int size, @AuthenticationPrincipal CurrentUser me) {
        return queries.list(filter, me.scope(), page, size);
    }

    @PostMapping("/projects")
    ResponseEntity<ProjectDetails> create(@Valid @RequestBody ProjectForm form, @AuthenticationPrincipal CurrentUser me) {
        ProjectDetails created = projects.create(form, me);
        return ResponseEntity.created(URI.create("/api/v1/projects/" + created.id())).eTag(etag(created)).body(created);
    }

    @GetMapping("/projects/{id}")
    ResponseEntity<ProjectDetails> get(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        ProjectDetails project = queries.get(id, me.scope());
        return ResponseEntity.ok().eTag(etag(project)).body(project);
    }

    /**
     * Replaces the master data. The version read must be sent in the body or as If-Match;
     * if someone changed the project since, the answer is 409 and nothing is written. A project outside
     * the caller's scope answers 404 before the body is validated, like every route on one project.
     */
    @PutMapping("/projects/{id}")
    ResponseEntity<ProjectDetails> update(@PathVariable long id, @RequestBody ProjectForm form,
                                          @RequestHeader(value = "If-Match", required = false) String ifMatch,
                                          @AuthenticationPrincipal CurrentUser me) throws BindException {
        queries.get(id, me.scope());
        ProjectForm checked = bodies.valid(form);
        ProjectForm versioned = checked.version() == null && ifMatch != null ? checked.withVersion(HttpAnswers.ifMatchVersion(ifMatch)) : checked;
        ProjectDetails updated = projects.update(id, versioned, me);
        return ResponseEntity.ok().eTag(etag(updated)).body(updated);
    }

    @PostMapping("/projects/{id}/transitions")
    ProjectDetails transition(@PathVariable long id, @RequestBody TransitionRequest request,
                              @AuthenticationPrincipal CurrentUser me) throws BindException {
        queries.get(id, me.scope());
        return projects.transition(id, bodies.valid(request), me);
    }

    @GetMapping("/projects/{id}/stages")
    List<StageChange> stages(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        queries.get(id, me.scope());
        return queries.stageHistory(id);
    }

    @GetMapping("/projects/{id}/audit")
    List<AuditEntry> auditTrail(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        queries.get(id, me.scope());
        return audit.history(Projects.AUDIT_TYPE, id);
    }

    @GetMapping("/projects/{id}/list-entries")
    List<ListEntry> entries(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        queries.get(id, me.scope());
        return queries.listEntries(id);
    }

    @PostMapping("/projects/{id}/list-entries")
    ListEntry putOnList(@PathVariable long id, @RequestBody ListEntryForm form, @AuthenticationPrincipal CurrentUser me)
            throws BindException {
        queries.get(id, me.scope());
        return projects.putOnList(id, bodies.valid(form), me);
    }

    @DeleteMapping("/projects/{id}/list-entries/{entryId}")
    ResponseEntity<Void> removeFromList(@PathVariable long id, @PathVariable long entryId, @AuthenticationPrincipal CurrentUser me) {
        projects.removeFromList(id, entryId, me);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/annual-lists")
    List<AnnualList> lists(@RequestParam(required = false) Integer year, @AuthenticationPrincipal CurrentUser me) {
        return queries.annualLists(year, me.scope());
    }

    @PostMapping("/annual-lists")
    ResponseEntity<AnnualList> createList(@Valid @RequestBody NewList input, @AuthenticationPrincipal CurrentUser me) {
        AnnualList list = projects.createList(input.year(), input.level(), input.regionId(),
                input.batch() == null ? 1 : input.batch(), input.name(), input.publishedOn(), me);
        return ResponseEntity.created(URI.create("/api/v1/annual-lists/" + list.id())).body(list);
    }

    @GetMapping("/start-batches")
    List<StartBatch> startBatches(@AuthenticationPrincipal CurrentUser me) {
        return queries.startBatches(me.scope());
    }

    @PostMapping("/start-batches")
    ResponseEntity<StartBatch> createStartBatch(@Valid @RequestBody NewStartBatch input, @AuthenticationPrincipal CurrentUser me) {
        StartBatch batch = projects.createStartBatch(input.name(), input.heldOn(), input.regionId(),
                input.projectIds() == null ? List.of() : input.projectIds(), me);
        return ResponseEntity.status(201).body(batch);
    }

    record NewList(@jakarta.validation.constraints.NotNull Integer year, @jakarta.validation.constraints.NotNull ListLevel level,
                   @jakarta.validation.constraints.NotNull Long regionId, Integer batch, String name, LocalDate publishedOn) {
    }

    record NewStartBatch(String name, LocalDate heldOn, @jakarta.validation.constraints.NotNull Long regionId, List<Long> projectIds) {
    }

    private static String etag(ProjectDetails p) {
        return "\"" + p.version() + "\"";
    }

}

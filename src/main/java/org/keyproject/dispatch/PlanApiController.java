package org.keyproject.dispatch;

import java.net.URI;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.keyproject.common.InvalidInputException;
import org.keyproject.people.CurrentUser;
import org.keyproject.project.Category;
import org.keyproject.project.ProjectQueries;
import org.keyproject.web.HttpAnswers;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Plans and milestones over the API. Every route on a project or plan looks it up in the caller's
 * scope first: outside it the answer is 404, whatever the body. A stale lock version answers 409; a
 * change to an approved version answers 400 naming the field status, since retrying cannot help.
 */
@RestController
@RequestMapping("/api/v1")
class PlanApiController {

    private final Plans plans;
    private final PlanQueries queries;
    private final ProjectQueries projects;

    PlanApiController(Plans plans, PlanQueries queries, ProjectQueries projects) {
        this.plans = plans;
        this.queries = queries;
        this.projects = projects;
    }

    /** Every version of a project's plans, of one year or of all, oldest first. */
    @GetMapping("/projects/{id}/plans")
    List<Plan> list(@PathVariable long id, @RequestParam(required = false) Integer year, @AuthenticationPrincipal CurrentUser me) {
        projects.get(id, me.scope());
        return queries.plans(id, year);
    }

    @PostMapping("/projects/{id}/plans")
    ResponseEntity<Plan> create(@PathVariable long id, @RequestBody PlanForm form, @AuthenticationPrincipal CurrentUser me) {
        Plan plan = plans.create(id, form, me);
        return ResponseEntity.created(URI.create("/api/v1/plans/" + plan.id())).eTag(etag(plan)).body(plan);
    }

    @GetMapping("/plans/{planId}")
    ResponseEntity<Plan> get(@PathVariable long planId, @AuthenticationPrincipal CurrentUser me) {
        Plan plan = queries.get(planId, me.scope());
        return ResponseEntity.ok().eTag(etag(plan)).body(plan);
    }

    /** Edits a draft: lockVersion in the body or as If-Match. */
    @PutMapping("/plans/{planId}")
    ResponseEntity<Plan> update(@PathVariable long planId, @RequestBody PlanForm form,
                                @RequestHeader(value = "If-Match", required = false) String ifMatch,
                                @AuthenticationPrincipal CurrentUser me) {
        PlanForm versioned = form.lockVersion() == null && ifMatch != null
                ? new PlanForm(form.year(), form.annualInvestment(), form.profile(), form.months(), form.target(),
                        form.targetDate(), form.milestones(), HttpAnswers.ifMatchVersion(ifMatch))
                : form;
        Plan plan = plans.update(planId, versioned, me);
        return ResponseEntity.ok().eTag(etag(plan)).body(plan);
    }

    /** Approves a draft; a lockVersion, when given (body or If-Match), must still be current. */
    @PostMapping("/plans/{planId}/approve")
    ResponseEntity<Plan> approve(@PathVariable long planId, @RequestBody(required = false) LockVersion body,
                                 @RequestHeader(value = "If-Match", required = false) String ifMatch,
                                 @AuthenticationPrincipal CurrentUser me) {
        Integer lock = body != null && body.lockVersion() != null ? body.lockVersion() : HttpAnswers.ifMatchVersion(ifMatch);
        Plan plan = plans.approve(planId, lock, me);
        return ResponseEntity.ok().eTag(etag(plan)).body(plan);
    }

    /** Re-plans an approved version: the year's next version, a draft copy of it. */
    @PostMapping("/plans/{planId}/replan")
    ResponseEntity<Plan> replan(@PathVariable long planId, @AuthenticationPrincipal CurrentUser me) {
        Plan plan = plans.replan(planId, me);
        return ResponseEntity.created(URI.create("/api/v1/plans/" + plan.id())).eTag(etag(plan)).body(plan);
    }

    /** The milestone templates, of one category or of all, with their standard durations in calendar days. */
    @GetMapping("/plan-templates")
    List<Template> templates(@RequestParam(required = false) Category category) {
        return (category == null ? Arrays.asList(Category.values()) : List.of(category)).stream()
                .map(c -> new Template(c, MilestoneTemplates.of(c).stream()
                        .map(s -> new TemplateStep(s.key(), queries.name(s.key(), null), s.daysToNext())).toList()))
                .toList();
    }

    /** 倒排工期 preview: the dates a category's template proposes backwards from a target completion date. */
    @PostMapping("/plan-templates/schedule")
    List<Milestone> schedule(@RequestBody ScheduleRequest request) {
        if (request.category() == null || request.targetDate() == null) {
            throw new InvalidInputException(request.category() == null ? "category" : "targetDate", "error.required");
        }
        return MilestoneTemplates.schedule(request.category(), request.targetDate()).stream()
                .map(m -> new Milestone(m.key(), queries.name(m.key(), null), m.plannedOn())).toList();
    }

    @PostMapping("/projects/{id}/milestones/{key}/actual")
    MilestoneChart recordActual(@PathVariable long id, @PathVariable String key, @RequestBody ActualDate body,
                                @RequestParam(required = false) Integer year, @AuthenticationPrincipal CurrentUser me) {
        plans.recordActual(id, key, body.reachedOn(), me);
        return chart(id, year, me);
    }

    /** Baseline, current and actual dates per milestone; year defaults to the latest year planned, else this year. */
    @GetMapping("/projects/{id}/milestone-chart")
    MilestoneChart chart(@PathVariable long id, @RequestParam(required = false) Integer year, @AuthenticationPrincipal CurrentUser me) {
        projects.get(id, me.scope());
        return queries.chart(id, queries.yearOrLatest(id, year), LocalDate.now(Plans.ZONE));
    }

    record LockVersion(Integer lockVersion) {
    }

    record ActualDate(LocalDate reachedOn) {
    }

    record ScheduleRequest(Category category, LocalDate targetDate) {
    }

    record Template(Category category, List<TemplateStep> milestones) {
    }

    record TemplateStep(String key, String name, int daysToNext) {
    }

    private static String etag(Plan plan) {
        return "\"" + plan.lockVersion() + "\"";
    }

}

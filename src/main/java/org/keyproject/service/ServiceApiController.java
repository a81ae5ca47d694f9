package org.keyproject.service;

import java.net.URI;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.keyproject.audit.AuditEntry;
import org.keyproject.audit.AuditTrail;
import org.keyproject.common.PageResult;
import org.keyproject.people.CurrentUser;
import org.keyproject.project.ProjectQueries;
import org.keyproject.web.HttpAnswers;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The service ledger, its statistics and the service promises under /api/v1. */
@RestController
@RequestMapping("/api/v1")
class ServiceApiController {

    private final Services services;
    private final ServiceStatistics statistics;
    private final Promises promises;
    private final ProjectQueries projects;
    private final AuditTrail audit;

    ServiceApiController(Services services, ServiceStatistics statistics, Promises promises, ProjectQueries projects,
                         AuditTrail audit) {
        this.services = services;
        this.statistics = statistics;
        this.promises = promises;
        this.projects = projects;
        this.audit = audit;
    }

    @GetMapping("/services")
    PageResult<ServiceRecord> list(@RequestParam(required = false) ServiceKind kind, @RequestParam(required = false) Long personId,
                                   @RequestParam(required = false) Long regionId, @RequestParam(required = false) Long projectId,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                   @RequestParam(required = false) Long problemId,
                                   @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
                                   @AuthenticationPrincipal CurrentUser me) {
        return services.list(new ServiceFilter(kind, personId, regionId, projectId, from, to, problemId), me.scope(), page, size);
    }

    /** Logs a service; a project outside the caller's scope answers 404 before the body is checked. */
    @PostMapping("/services")
    ResponseEntity<ServiceRecord> log(@RequestBody ServiceForm form, @AuthenticationPrincipal CurrentUser me) {
        ServiceRecord logged = services.log(form, me);
        return ResponseEntity.created(URI.create("/api/v1/services/" + logged.id())).eTag(etag(logged)).body(logged);
    }

    @GetMapping("/services/{id}")
    ResponseEntity<ServiceRecord> get(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        ServiceRecord service = services.get(id, me.scope());
        return ResponseEntity.ok().eTag(etag(service)).body(service);
    }

    /** Corrects a service with the version read (in the body or If-Match); 409 when someone changed it since. */
    @PutMapping("/services/{id}")
    ResponseEntity<ServiceRecord> update(@PathVariable long id, @RequestBody ServiceForm form,
                                         @org.springframework.web.bind.annotation.RequestHeader(value = "If-Match", required = false) String ifMatch,
                                         @AuthenticationPrincipal CurrentUser me) {
        ServiceForm versioned = form.version() == null && HttpAnswers.ifMatchVersion(ifMatch) != null
                ? form.withVersion(HttpAnswers.ifMatchVersion(ifMatch))
                : form;
        ServiceRecord updated = services.update(id, versioned, me);
        return ResponseEntity.ok().eTag(etag(updated)).body(updated);
    }

    @GetMapping("/services/{id}/audit")
    List<AuditEntry> auditTrail(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        services.get(id, me.scope());
        return audit.history(Services.AUDIT_TYPE, id);
    }

    /**
     * Counts per kind, person, region and period of a region subtree (the caller's region by default)
     * between from (1 January of this year by default) and to (today by default).
     */
    @GetMapping("/services/statistics")
    ServiceStatistics.Statistics statistics(@RequestParam(required = false) Long regionId,
                                            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                            @RequestParam(defaultValue = "MONTH") ServiceStatistics.Period period,
                                            @AuthenticationPrincipal CurrentUser me) {
        LocalDate today = LocalDate.now(Services.ZONE);
        return statistics.statistics(regionId, me.regionId(), from == null ? today.withDayOfYear(1) : from,
                to == null ? today : to, period, me.scope());
    }

    /** The responsible leaders on site fewer times than expected in a month (the last complete month by default). */
    @GetMapping("/services/leader-shortfalls")
    ServiceStatistics.Shortfalls leaderShortfalls(@RequestParam(required = false) Long regionId,
                                                  @RequestParam(required = false) YearMonth month,
                                                  @AuthenticationPrincipal CurrentUser me) {
        return statistics.leaderShortfalls(regionId, me.regionId(),
                month == null ? YearMonth.now(Services.ZONE).minusMonths(1) : month, me.scope());
    }

    /**
     * Promises in the caller's scope as they stand on a day (today by default): filtered by state (OPEN,
     * KEPT, KEPT_LATE, LATE), broken (late or kept late), department, project.
     */
    @GetMapping("/promises")
    PageResult<Promises.Promise> promises(@RequestParam(required = false) Promises.State state,
                                          @RequestParam(defaultValue = "false") boolean broken,
                                          @RequestParam(required = false) Long departmentId,
                                          @RequestParam(required = false) Long projectId,
                                          @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate on,
                                          @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
                                          @AuthenticationPrincipal CurrentUser me) {
        if (projectId != null) {
            projects.get(projectId, me.scope());
        }
        return promises.list(new Promises.PromiseFilter(state, broken, departmentId, projectId,
                on == null ? LocalDate.now(Services.ZONE) : on), me.scope(), page, size);
    }

    private static String etag(ServiceRecord s) {
        return "\"" + s.version() + "\"";
    }
}

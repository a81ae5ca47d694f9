package org.keyproject.dispatch;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.keyproject.people.CurrentUser;
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
 * Reporting periods, progress reports, their review, closing and revisions over the API. A period
 * or project the caller may not see answers 404, whatever the body; a stale version answers 409.
 */
@RestController
@RequestMapping("/api/v1/periods")
class ReportApiController {

    private final Periods periods;
    private final Reports reports;
    private final PeriodSnapshots snapshots;

    ReportApiController(Periods periods, Reports reports, PeriodSnapshots snapshots) {
        this.periods = periods;
        this.reports = reports;
        this.snapshots = snapshots;
    }

    @PostMapping
    ResponseEntity<Period> open(@RequestBody Periods.NewPeriod input, @AuthenticationPrincipal CurrentUser me) {
        Period period = periods.open(input, me);
        return ResponseEntity.created(URI.create("/api/v1/periods/" + period.id())).body(period);
    }

    @GetMapping
    List<Period> list(@RequestParam(required = false) Integer year, @AuthenticationPrincipal CurrentUser me) {
        return periods.list(year, me);
    }

    @GetMapping("/{id}")
    Period get(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        return periods.get(id, me);
    }

    /** Listed projects in the caller's scope still without a submitted report. */
    @GetMapping("/{id}/missing")
    List<Periods.Missing> missing(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        return periods.missing(id, me);
    }

    @GetMapping("/{id}/reports/{projectId}")
    ResponseEntity<Report> report(@PathVariable long id, @PathVariable long projectId, @AuthenticationPrincipal CurrentUser me) {
        Report report = reports.get(id, projectId, me);
        return ResponseEntity.ok().eTag(etag(report)).body(report);
    }

    /** Creates or updates the report; an update needs the version read, in the body or as If-Match. */
    @PutMapping("/{id}/reports/{projectId}")
    ResponseEntity<Report> save(@PathVariable long id, @PathVariable long projectId, @RequestBody Report.Form form,
                                @RequestHeader(value = "If-Match", required = false) String ifMatch,
                                @AuthenticationPrincipal CurrentUser me) {
        Report.Form versioned = form.version() == null && ifMatch != null
                ? form.withVersion(HttpAnswers.ifMatchVersion(ifMatch))
                : form;
        Report report = reports.save(id, projectId, versioned, me);
        return ResponseEntity.ok().eTag(etag(report)).body(report);
    }

    @PostMapping("/{id}/reports/{projectId}/submit")
    ResponseEntity<Report> submit(@PathVariable long id, @PathVariable long projectId,
                                  @RequestBody(required = false) Submission body, @AuthenticationPrincipal CurrentUser me) {
        Report report = reports.submit(id, projectId, body == null ? null : body.explanations(),
                body == null ? null : body.version(), me);
        return ResponseEntity.ok().eTag(etag(report)).body(report);
    }

    @PostMapping("/{id}/reports/{projectId}/review")
    Report review(@PathVariable long id, @PathVariable long projectId, @RequestBody Review body,
                  @AuthenticationPrincipal CurrentUser me) {
        return reports.review(id, projectId, body.action(), body.reason(), me);
    }

    /** Closes the period and freezes its snapshot; closing a closed period answers it unchanged. */
    @PostMapping("/{id}/close")
    Period close(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        return snapshots.close(id, me);
    }

    @PostMapping("/{id}/revisions")
    ResponseEntity<List<PeriodSnapshots.Row>> revise(@PathVariable long id, @RequestBody PeriodSnapshots.Revision body,
                                                     @AuthenticationPrincipal CurrentUser me) {
        return ResponseEntity.status(201).body(snapshots.revise(id, body, me));
    }

    @GetMapping("/{id}/snapshot")
    List<PeriodSnapshots.Row> snapshot(@PathVariable long id, @RequestParam(defaultValue = "false") boolean revised,
                                       @AuthenticationPrincipal CurrentUser me) {
        return snapshots.snapshot(id, revised, me);
    }

    record Submission(Map<String, String> explanations, Integer version) {
    }

    record Review(Reports.Action action, String reason) {
    }

    private static String etag(Report report) {
        return "\"" + report.version() + "\"";
    }
}

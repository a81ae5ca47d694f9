package org.keyproject.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.keyproject.common.PageResult;
import org.keyproject.people.CurrentUser;
import org.keyproject.web.HttpAnswers;
import org.keyproject.web.XlsxSheet;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The problem loop under /api/v1 (see docs/problems.md): the list, raising, one endpoint for the moves
 * through the states, listing, deadlines, attachments, the default deadlines per category. Every route
 * on one problem answers 404 when the caller does not see it; a change needs the version read (in the
 * body, or If-Match).
 */
@RestController
class ProblemApiController {

    private final ProblemQueries queries;
    private final Problems problems;
    private final ProblemAttachments attachments;
    private final ProblemStatistics statistics;
    private final ProblemExport export;

    ProblemApiController(ProblemQueries queries, Problems problems, ProblemAttachments attachments,
                         ProblemStatistics statistics, ProblemExport export) {
        this.queries = queries;
        this.problems = problems;
        this.attachments = attachments;
        this.statistics = statistics;
        this.export = export;
    }

    @GetMapping("/api/v1/problems")
    PageResult<ProblemRow> list(ProblemFilter filter, @RequestParam(defaultValue = "0") int page,
                                @RequestParam(defaultValue = "20") int size, @AuthenticationPrincipal CurrentUser me) {
        return queries.list(filter, me.scope(), page, size);
    }

    /**
     * Raised, open, overdue, closed on time and late, and the median working days to close, of a region
     * subtree (the caller's by default) between from (1 January by default) and to (today), grouped by
     * department (ranked), region, category, month, quarter or year.
     */
    @GetMapping("/api/v1/problems/statistics")
    ProblemStatistics.Statistics statistics(@RequestParam(required = false) Long regionId,
                                            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                            @RequestParam(defaultValue = "DEPARTMENT") ProblemStatistics.Grouping groupBy,
                                            @AuthenticationPrincipal CurrentUser me) {
        LocalDate today = ProblemQueries.today();
        return statistics.statistics(regionId, me.regionId(), from == null ? today.withDayOfYear(1) : from,
                to == null ? today : to, groupBy, me.scope());
    }

    /** 清单制: the filtered list (the open problems unless states are asked) as an .xlsx file, for the API and the pages. */
    @GetMapping({"/api/v1/exports/problems", "/problems/export"})
    void export(ProblemFilter filter, @AuthenticationPrincipal CurrentUser me, HttpServletResponse response) throws IOException {
        XlsxSheet.send(export.filename(ProblemQueries.today()), out -> export.write(filter, me.scope(), out), response);
    }

    @PostMapping("/api/v1/problems")
    ResponseEntity<Problem> raise(@RequestBody Problems.NewProblem input, @AuthenticationPrincipal CurrentUser me) {
        Problem created = problems.raise(input, me);
        return ResponseEntity.created(URI.create("/api/v1/problems/" + created.id())).eTag(etag(created)).body(created);
    }

    @GetMapping("/api/v1/problems/{id}")
    ResponseEntity<Problem> get(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        Problem problem = queries.get(id, me.scope());
        return ResponseEntity.ok().eTag(etag(problem)).body(problem);
    }

    /** {"action": "ASSIGN|START|ANSWER|ACCEPT|REJECT|DISMISS", "version", …}: 409 naming the state when it does not allow the move. */
    @PostMapping("/api/v1/problems/{id}/transitions")
    ResponseEntity<Problem> transition(@PathVariable long id, @RequestBody Problems.Transition t,
                                       @RequestHeader(value = "If-Match", required = false) String ifMatch,
                                       @AuthenticationPrincipal CurrentUser me) {
        Problems.Transition versioned = t.version() == null && ifMatch != null
                ? new Problems.Transition(t.action(), HttpAnswers.ifMatchVersion(ifMatch), t.departmentId(), t.workingDays(), t.category(),
                t.answer(), t.reason())
                : t;
        return answer(problems.transition(id, versioned, me));
    }

    @PostMapping("/api/v1/problems/{id}/deadline")
    ResponseEntity<Problem> deadline(@PathVariable long id, @RequestBody Problems.DeadlineChange change,
                                     @RequestHeader(value = "If-Match", required = false) String ifMatch,
                                     @AuthenticationPrincipal CurrentUser me) {
        Problems.DeadlineChange versioned = change.version() == null && ifMatch != null
                ? new Problems.DeadlineChange(change.deadline(), change.workingDays(), change.reason(), HttpAnswers.ifMatchVersion(ifMatch))
                : change;
        return answer(problems.changeDeadline(id, versioned, me));
    }

    @PostMapping("/api/v1/problems/{id}/listing")
    ResponseEntity<Problem> listing(@PathVariable long id, @RequestBody Problems.Listing listing,
                                    @RequestHeader(value = "If-Match", required = false) String ifMatch,
                                    @AuthenticationPrincipal CurrentUser me) {
        Problems.Listing versioned = listing.version() == null && ifMatch != null
                ? new Problems.Listing(listing.listed(), listing.reason(), HttpAnswers.ifMatchVersion(ifMatch))
                : listing;
        return answer(problems.list(id, versioned, me));
    }

    @PostMapping(path = "/api/v1/problems/{id}/attachments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Problem.Attachment> attach(@PathVariable long id, @RequestParam("file") MultipartFile file,
                                              @AuthenticationPrincipal CurrentUser me) throws IOException {
        Problem.Attachment attachment = attachments.upload(id, file.getOriginalFilename(), file.getBytes(), me);
        return ResponseEntity.created(URI.create("/api/v1/problems/" + id + "/attachments/" + attachment.id())).body(attachment);
    }

    /** An attachment's bytes, for the API and (with the session) the pages. */
    @GetMapping({"/api/v1/problems/{id}/attachments/{attachmentId}", "/problems/{id}/attachments/{attachmentId}"})
    ResponseEntity<byte[]> attachment(@PathVariable long id, @PathVariable long attachmentId,
                                      @AuthenticationPrincipal CurrentUser me) {
        ProblemAttachments.Content content = attachments.content(id, attachmentId, me);
        return HttpAnswers.inlineFile(content.contentType(), content.filename(), content.bytes());
    }

    record CategoryDeadline(ProblemCategory category, int workingDays) {
    }

    record CategoryDeadlineChange(Integer workingDays) {
    }

    @GetMapping("/api/v1/problem-categories")
    List<CategoryDeadline> categories() {
        return rows(queries.categoryDeadlines());
    }

    @PutMapping("/api/v1/problem-categories/{category}")
    List<CategoryDeadline> setCategory(@PathVariable ProblemCategory category, @RequestBody CategoryDeadlineChange change,
                                       @AuthenticationPrincipal CurrentUser me) {
        return rows(problems.setCategoryDeadline(category, change.workingDays(), me));
    }

    private static List<CategoryDeadline> rows(Map<ProblemCategory, Integer> days) {
        return days.entrySet().stream().map(e -> new CategoryDeadline(e.getKey(), e.getValue())).toList();
    }

    private static ResponseEntity<Problem> answer(Problem problem) {
        return ResponseEntity.ok().eTag(etag(problem)).body(problem);
    }

    private static String etag(Problem p) {
        return "\"" + p.version() + "\"";
    }
}

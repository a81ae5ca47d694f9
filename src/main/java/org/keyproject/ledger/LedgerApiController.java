package org.keyproject.ledger;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.YearMonth;
import java.util.Locale;
import org.keyproject.people.CurrentUser;
import org.keyproject.project.ProjectFilter;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1")
class LedgerApiController {

    private final LedgerImport ledgerImport;
    private final DispatchImport dispatchImport;
    private final LedgerDownloads downloads;
    private final MessageSource messages;

    LedgerApiController(LedgerImport ledgerImport, DispatchImport dispatchImport, LedgerDownloads downloads,
                        MessageSource messages) {
        this.ledgerImport = ledgerImport;
        this.dispatchImport = dispatchImport;
        this.downloads = downloads;
        this.messages = messages;
    }

    /**
     * Imports a ledger (.xlsx or .xls). 200 with what was created, updated and left unchanged; a
     * dry run answers 200 with the preview and its errors; a file with errors answers 400 with
     * every error (sheet, row, column, message) and nothing written. With a period (2026-05) the
     * same file is then imported as that month's dispatch sheet, in the same transaction, and the
     * answer adds the reports.
     */
    @PostMapping(path = "/imports/ledger", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Object> importLedger(@RequestPart("file") MultipartFile file,
                                        @RequestParam(required = false) Integer year,
                                        @RequestParam(required = false) YearMonth period,
                                        @RequestParam(defaultValue = "false") boolean createMissing,
                                        @RequestParam(defaultValue = "false") boolean dryRun,
                                        @AuthenticationPrincipal CurrentUser me) throws IOException {
        LedgerImport.Options options = new LedgerImport.Options(year, createMissing, dryRun);
        return answer(period == null ? ledgerImport.importLedger(file.getBytes(), options, me)
                : dispatchImport.importLedgerWithSheet(file.getBytes(), options, period, me), dryRun);
    }

    /**
     * Imports a dispatch sheet (调度表) of a month (period=2026-05): the projects' reports of the
     * month's period, answered like a ledger import (created and updated count reports).
     */
    @PostMapping(path = "/imports/dispatch", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Object> importDispatch(@RequestPart("file") MultipartFile file, @RequestParam YearMonth period,
                                          @RequestParam(defaultValue = "false") boolean dryRun,
                                          @AuthenticationPrincipal CurrentUser me) throws IOException {
        return answer(dispatchImport.importSheet(file.getBytes(), period, dryRun, me), dryRun);
    }

    private ResponseEntity<Object> answer(LedgerReport report, boolean dryRun) {
        if (!report.hasErrors() || dryRun) {
            return ResponseEntity.ok(report);
        }
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem(report));
    }

    /** The filtered project list (same filters as GET /api/v1/projects) as a ledger in the import's layout. */
    @GetMapping("/exports/ledger")
    void exportLedger(ProjectFilter filter, @RequestParam(required = false) Integer year,
                      @AuthenticationPrincipal CurrentUser me, HttpServletResponse response) throws IOException {
        downloads.send(filter, year, me, response);
    }

    /**
     * The dispatch sheet (调度表) of a month (period=2026-05) in the layout the dispatch import reads: the
     * projects of the month's period in the caller's scope with their reports' figures.
     */
    @GetMapping("/exports/dispatch")
    void exportDispatch(@RequestParam YearMonth period, @AuthenticationPrincipal CurrentUser me,
                        HttpServletResponse response) throws IOException {
        downloads.sendDispatch(period, me, response);
    }

    private ProblemDetail problem(LedgerReport report) {
        Locale locale = LocaleContextHolder.getLocale();
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                messages.getMessage("ledger.rejected.detail", new Object[] {report.errors().size()}, locale));
        p.setTitle(messages.getMessage("ledger.rejected.title", null, locale));
        p.setProperty("importId", report.importId());
        p.setProperty("year", report.year());
        p.setProperty("errors", report.errors());
        p.setProperty("columns", report.columns());
        p.setProperty("ignoredColumns", report.ignoredColumns());
        return p;
    }
}

package org.keyproject.ledger;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.UUID;
import org.keyproject.common.ForbiddenException;
import org.keyproject.common.NotFoundException;
import org.keyproject.people.CurrentUser;
import org.keyproject.project.ProjectFilter;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The ledger pages: upload a file, see how its columns were understood and what is wrong, confirm,
 * see what was created and updated. Between preview and confirm the file waits in the database.
 * Preview and import run as background jobs (a large file takes a minute): the page shows a
 * progress bar polling the job until its preview or result replaces it.
 */
@Controller
@RequestMapping("/ledger")
class LedgerPageController {

    private final LedgerUploads uploads;
    private final LedgerJobs jobs;
    private final LedgerJobRunner runner;
    private final LedgerDownloads downloads;

    LedgerPageController(LedgerUploads uploads, LedgerJobs jobs, LedgerJobRunner runner, LedgerDownloads downloads) {
        this.uploads = uploads;
        this.jobs = jobs;
        this.runner = runner;
        this.downloads = downloads;
    }

    @GetMapping
    String form(Model model, @AuthenticationPrincipal CurrentUser me) {
        model.addAttribute("year", LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear());
        model.addAttribute("mayImport", me.scope().maintainsLibrary());
        return "ledger/index";
    }

    /** Stores the file and starts its dry run; htmx gets the progress bar, a plain form post the job's page. */
    @PostMapping("/preview")
    String preview(@RequestParam("file") MultipartFile file, @RequestParam(required = false) Integer year,
                   @RequestParam(defaultValue = "false") boolean createMissing,
                   @RequestHeader(value = "HX-Request", required = false) String htmx,
                   Model model, @AuthenticationPrincipal CurrentUser me) throws IOException {
        if (file.isEmpty()) {
            model.addAttribute("noFile", true);
            return htmx != null ? "ledger/preview :: result" : "ledger/preview";
        }
        mayImport(me);
        LedgerUploads.Upload upload = uploads.store(me.id(), file.getOriginalFilename(), file.getBytes());
        UUID job = runner.start(LedgerJobs.Kind.PREVIEW, upload, new LedgerImport.Options(year, createMissing, true), me);
        return started(job, htmx, model, me);
    }

    @PostMapping("/confirm")
    String confirm(@RequestParam UUID uploadId, @RequestParam(required = false) Integer year,
                   @RequestParam(defaultValue = "false") boolean createMissing,
                   @RequestHeader(value = "HX-Request", required = false) String htmx,
                   Model model, @AuthenticationPrincipal CurrentUser me) {
        mayImport(me);
        LedgerUploads.Upload upload = uploads.find(uploadId, me.id()).orElseThrow(() -> new NotFoundException("upload", uploadId));
        UUID job = runner.start(LedgerJobs.Kind.IMPORT, upload, new LedgerImport.Options(year, createMissing, false), me);
        return started(job, htmx, model, me);
    }

    /**
     * A job of the signed-in user: its progress bar while it runs (polling itself), then the preview
     * or the import's result. Another user's job does not exist.
     */
    @GetMapping("/jobs/{id}")
    String job(@PathVariable UUID id, @RequestHeader(value = "HX-Request", required = false) String htmx,
               Model model, @AuthenticationPrincipal CurrentUser me) {
        LedgerJobs.Job job = jobs.find(id, me.id()).orElseThrow(() -> new NotFoundException("ledger job", id));
        model.addAttribute("job", job);
        if (htmx == null && (job.running() || job.failed())) {
            return "ledger/job";
        }
        if (job.running()) {
            return "ledger/progress :: progress";
        }
        if (job.failed()) {
            return "ledger/progress :: failed";
        }
        LedgerReport report = job.report();
        model.addAttribute("report", report);
        model.addAttribute("filename", job.filename());
        if (job.kind() == LedgerJobs.Kind.IMPORT) {
            return htmx != null ? "ledger/result :: result" : "ledger/result";
        }
        model.addAttribute("createMissing", job.createMissing());
        if (!report.hasErrors()) {
            model.addAttribute("uploadId", job.uploadId());
        }
        return htmx != null ? "ledger/preview :: result" : "ledger/preview";
    }

    /** The progress bar of a job just started, even when a small file is done already: its first poll shows the outcome. */
    private String started(UUID job, String htmx, Model model, CurrentUser me) {
        if (htmx == null) {
            return "redirect:/ledger/jobs/" + job;
        }
        model.addAttribute("job", jobs.find(job, me.id()).orElseThrow());
        return "ledger/progress :: progress";
    }

    // checked before the file is stored, although the import checks it too
    private static void mayImport(CurrentUser me) {
        if (!me.scope().maintainsLibrary()) {
            throw new ForbiddenException("error.forbidden");
        }
    }

    /** The export for page users (session login), with the project list's filters. */
    @GetMapping("/export")
    void export(ProjectFilter filter, @RequestParam(required = false) Integer year,
                @AuthenticationPrincipal CurrentUser me, HttpServletResponse response) throws IOException {
        downloads.send(filter, year, me, response);
    }

    /** A month's dispatch sheet (调度表) for page users (session login), linked from the report pages. */
    @GetMapping("/export/dispatch")
    void exportDispatch(@RequestParam YearMonth period, @AuthenticationPrincipal CurrentUser me,
                        HttpServletResponse response) throws IOException {
        downloads.sendDispatch(period, me, response);
    }
}

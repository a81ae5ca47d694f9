package org.keyproject.ledger;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.keyproject.common.NotFoundException;
import org.keyproject.people.CurrentUser;
import org.keyproject.project.ProjectFilter;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The ledger pages: upload a file, see how its columns were understood and what is wrong, confirm,
 * see what was created and updated. Between preview and confirm the file waits in the database.
 */
@Controller
@RequestMapping("/ledger")
class LedgerPageController {

    private final LedgerImport ledgerImport;
    private final LedgerUploads uploads;
    private final LedgerDownloads downloads;

    LedgerPageController(LedgerImport ledgerImport, LedgerUploads uploads, LedgerDownloads downloads) {
        this.ledgerImport = ledgerImport;
        this.uploads = uploads;
        this.downloads = downloads;
    }

    @GetMapping
    String form(Model model, @AuthenticationPrincipal CurrentUser me) {
        model.addAttribute("year", LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear());
        model.addAttribute("mayImport", me.scope().maintainsLibrary());
        return "ledger/index";
    }

    @PostMapping("/preview")
    String preview(@RequestParam("file") MultipartFile file, @RequestParam(required = false) Integer year,
                   @RequestParam(defaultValue = "false") boolean createMissing,
                   @RequestHeader(value = "HX-Request", required = false) String htmx,
                   Model model, @AuthenticationPrincipal CurrentUser me) throws IOException {
        model.addAttribute("year", year);
        model.addAttribute("createMissing", createMissing);
        if (file.isEmpty()) {
            model.addAttribute("noFile", true);
        } else {
            byte[] content = file.getBytes();
            LedgerReport report = ledgerImport.importLedger(content, new LedgerImport.Options(year, createMissing, true), me);
            model.addAttribute("report", report);
            model.addAttribute("filename", file.getOriginalFilename());
            if (!report.hasErrors()) {
                model.addAttribute("uploadId", uploads.store(me.id(), file.getOriginalFilename(), content));
            }
        }
        return htmx != null ? "ledger/preview :: result" : "ledger/preview";
    }

    @PostMapping("/confirm")
    String confirm(@RequestParam UUID uploadId, @RequestParam(required = false) Integer year,
                   @RequestParam(defaultValue = "false") boolean createMissing, Model model,
                   @AuthenticationPrincipal CurrentUser me) {
        LedgerUploads.Upload upload = uploads.find(uploadId, me.id()).orElseThrow(() -> new NotFoundException("upload", uploadId));
        LedgerReport report = ledgerImport.importLedger(upload.content(), new LedgerImport.Options(year, createMissing, false), me);
        if (report.applied()) {
            uploads.delete(uploadId);
        }
        model.addAttribute("report", report);
        model.addAttribute("filename", upload.filename());
        return "ledger/result";
    }

    /** The export for page users (session login), with the project list's filters. */
    @GetMapping("/export")
    void export(ProjectFilter filter, @RequestParam(required = false) Integer year,
                @AuthenticationPrincipal CurrentUser me, HttpServletResponse response) throws IOException {
        downloads.send(filter, year, me, response);
    }
}

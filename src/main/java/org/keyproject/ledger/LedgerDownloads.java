package org.keyproject.ledger;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.keyproject.people.CurrentUser;
import org.keyproject.project.ProjectFilter;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/** Sends an export as an .xlsx attachment, for the API and the pages alike. */
@Component
class LedgerDownloads {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final LedgerExport export;

    LedgerDownloads(LedgerExport export) {
        this.export = export;
    }

    void send(ProjectFilter filter, Integer year, CurrentUser me, HttpServletResponse response) throws IOException {
        int listYear = export.yearOf(year, filter);
        response.setContentType(XLSX);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(export.filename(listYear), StandardCharsets.UTF_8).build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        export.write(filter, listYear, me, response.getOutputStream());
        response.flushBuffer();
    }
}

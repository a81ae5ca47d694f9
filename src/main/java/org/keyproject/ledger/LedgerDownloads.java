package org.keyproject.ledger;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.YearMonth;
import java.util.function.Consumer;
import org.keyproject.people.CurrentUser;
import org.keyproject.project.ProjectFilter;
import org.keyproject.web.XlsxSheet;
import org.springframework.stereotype.Component;

/** Sends an export as an .xlsx attachment, for the API and the pages alike. */
@Component
class LedgerDownloads {

    static final String XLSX = XlsxSheet.CONTENT_TYPE;

    private final LedgerExport export;
    private final DispatchExport dispatchExport;

    LedgerDownloads(LedgerExport export, DispatchExport dispatchExport) {
        this.export = export;
        this.dispatchExport = dispatchExport;
    }

    void send(ProjectFilter filter, Integer year, CurrentUser me, HttpServletResponse response) throws IOException {
        int listYear = export.yearOf(year, filter);
        send(export.filename(listYear), out -> export.write(filter, listYear, me, out), response);
    }

    /** A month's dispatch sheet (调度表). */
    void sendDispatch(YearMonth month, CurrentUser me, HttpServletResponse response) throws IOException {
        send(dispatchExport.filename(month), out -> dispatchExport.write(month, me, out), response);
    }

    private static void send(String filename, Consumer<OutputStream> writer, HttpServletResponse response) throws IOException {
        XlsxSheet.send(filename, writer, response);
    }
}

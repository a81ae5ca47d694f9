package org.keyproject.problem;

import java.io.OutputStream;
import java.time.LocalDate;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.keyproject.people.DataScope;
import org.keyproject.web.Texts;
import org.keyproject.web.XlsxSheet;
import org.springframework.stereotype.Service;

/**
 * 清单制: the problem list as an .xlsx file ({@link XlsxSheet}), one row per problem of the filtered list
 * in the caller's scope (the open ones unless states are asked), in the list's order: who owns it (the
 * department), who raised it, project, region, category, state, raised day, deadline, working days
 * overdue, 挂牌督办 and 直通车.
 */
@Service
class ProblemExport {

    /** The columns, as message keys of their headers, and their widths in characters. */
    private static final List<String> HEADERS = List.of("sequence", "title", "project", "region", "category", "state",
            "department", "raisedBy", "raisedOn", "deadline", "overdue", "listed", "directLine").stream()
            .map(c -> "problem.export.column." + c).toList();
    private static final List<Integer> WIDTHS = List.of(6, 36, 30, 14, 10, 10, 24, 12, 12, 12, 10, 8, 8);

    private final ProblemQueries queries;
    private final Texts texts;

    ProblemExport(ProblemQueries queries, Texts texts) {
        this.queries = queries;
        this.texts = texts;
    }

    String filename(LocalDate today) {
        return texts.text("problem.export.title") + today + ".xlsx";
    }

    void write(ProblemFilter filter, DataScope scope, OutputStream out) {
        LocalDate today = ProblemQueries.today();
        String yes = texts.text("common.yes");
        try (XlsxSheet sheet = new XlsxSheet(texts.text("problem.export.title"), texts.text("problem.export.title") + "（" + today + "）",
                HEADERS.stream().map(texts::text).toList(), WIDTHS, 2)) {
            queries.forEach(openUnlessAsked(filter), scope, p -> {
                Row row = sheet.nextRow();
                sheet.number(row, 0, sheet.rows());
                sheet.text(row, 1, p.title());
                sheet.text(row, 2, p.projectName());
                sheet.text(row, 3, p.regionName());
                sheet.text(row, 4, texts.text(p.category().messageKey()));
                sheet.text(row, 5, texts.text(p.state().messageKey()));
                sheet.text(row, 6, p.departmentName());
                sheet.text(row, 7, p.raisedByName());
                sheet.date(row, 8, p.raisedAt().atZoneSameInstant(ProblemQueries.ZONE).toLocalDate());
                sheet.date(row, 9, p.deadline());
                sheet.number(row, 10, p.overdue());
                sheet.text(row, 11, p.listed() ? yes : null);
                sheet.text(row, 12, p.directLine() ? yes : null);
            });
            sheet.write(out);
        }
    }

    /** The filter with the open states (清单制: every problem not yet closed or dismissed) when none is asked. */
    static ProblemFilter openUnlessAsked(ProblemFilter f) {
        return f.state() != null && !f.state().isEmpty() ? f
                : new ProblemFilter(List.copyOf(ProblemState.OPEN), f.departmentId(), f.regionId(), f.category(), f.overdue(),
                f.listed(), f.projectId(), f.candidate());
    }
}

package org.keyproject.dispatch;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.DataScope;
import org.keyproject.region.Regions;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rows of a month's dispatch sheet (调度表) as the caller may export it: every project in their
 * scope that the month's period covers (on a list of the year, inside the period's region subtree),
 * with its report of that period where there is one. The period is the one the import of the same
 * month writes into ({@link Periods#monthly}); before it is opened, the region it would be opened for
 * is the caller's.
 */
@Service
public class ReportSheet {

    private final JdbcClient streaming;
    private final Periods periods;
    private final Regions regions;

    ReportSheet(DataSource dataSource, Periods periods, Regions regions) {
        JdbcTemplate fetching = new JdbcTemplate(dataSource);
        fetching.setFetchSize(500); // PostgreSQL streams with a cursor inside a transaction
        this.streaming = JdbcClient.create(fetching);
        this.periods = periods;
        this.regions = regions;
    }

    /**
     * One project of the sheet; the report's values are null where it has no report. continuing: a
     * 续建 project, which resumes (复工) in the year rather than starts (开工).
     */
    public record Line(long projectId, String code, String name, String owner, String region, boolean continuing,
                       BigDecimal periodAmount, BigDecimal ytdAmount, Boolean startedThisYear, LocalDate startedOn,
                       String imageProgress, String problemsText) {
    }

    /** The sheet's rows by region and code, streamed. */
    @Transactional(readOnly = true)
    public void forEach(YearMonth month, CurrentUser by, Consumer<Line> action) {
        Period period = periods.monthly(month, by);
        String coverPath = regions.get(period == null ? by.regionId() : period.regionId()).path();
        DataScope scope = by.scope();
        try (Stream<Line> lines = streaming.sql("""
                        SELECT p.id, p.code, p.name, o.name AS owner, r.name AS region,
                               p.nature = 'CONTINUING' AS continuing,
                               pr.period_amount, pr.ytd_amount, pr.started_this_year, pr.started_on, pr.image_progress, pr.problems_text
                        FROM project p
                        JOIN region r ON r.id = p.region_id
                        JOIN organization o ON o.id = p.owner_id
                        LEFT JOIN progress_report pr ON pr.period_id = :period AND pr.project_id = p.id
                        WHERE EXISTS (SELECT 1 FROM annual_list_entry e WHERE e.project_id = p.id AND e.year = :year)
                          AND r.path LIKE :coverPath || '%%'
                          AND %s
                        ORDER BY r.path, p.code
                        """.formatted(scope.projectCondition("p")))
                .params(scope.params()).param("year", month.getYear()).param("coverPath", coverPath)
                .param("period", period == null ? -1L : period.id())
                .query((rs, i) -> new Line(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getBoolean(6), rs.getBigDecimal(7), rs.getBigDecimal(8), (Boolean) rs.getObject(9),
                        rs.getObject(10, LocalDate.class), rs.getString(11), rs.getString(12)))
                .stream()) {
            lines.forEach(action);
        }
    }
}

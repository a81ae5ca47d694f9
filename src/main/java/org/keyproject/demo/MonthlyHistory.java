package org.keyproject.demo;

import java.math.BigDecimal;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The monthly reporting history (调度) of the generated years, written set-based: one row per listed
 * project and year is staged from Java (what it invests that year, from which month to which, when it
 * started or resumed), and one INSERT … SELECT spreads each year's amount over the months by its
 * county's seasonality with a little noise per project and month, then derives 1-N月累计 and
 * 自开工累计 with window sums, so that the year-to-date amount is exactly the sum of the year's period
 * amounts.
 */
final class MonthlyHistory {

    /**
     * The city's month-by-month pattern: low in January and February around the Spring Festival,
     * rising through spring, a peak in June (half-year targets) and another in November and
     * December (the year's targets).
     */
    private static final double[] CITY = {0.35, 0.5, 0.85, 1.0, 1.1, 1.45, 1.0, 0.95, 1.05, 1.05, 1.3, 1.55};

    /** What one listed project does in one year. */
    record YearRow(long projectId, int year, long countyId, BigDecimal amount, int firstMonth, int lastMonth,
                   LocalDate startedOn, BigDecimal spentBefore) {
    }

    private MonthlyHistory() {
    }

    /**
     * A county's own pattern, drawn once and kept every year: a longer or shorter winter break,
     * stronger or weaker peaks, and some months of its own.
     */
    static double[] season(Dice dice) {
        double winter = dice.uniform(0.5, 1.5);
        double june = dice.uniform(0.75, 1.35);
        double yearEnd = dice.uniform(0.75, 1.45);
        double[] s = new double[12];
        for (int m = 0; m < 12; m++) {
            s[m] = CITY[m] * dice.uniform(0.8, 1.2);
        }
        s[0] *= winter;
        s[1] *= winter;
        s[5] *= june;
        s[10] *= yearEnd;
        s[11] *= yearEnd;
        return s;
    }

    static List<Object[]> seasonRows(long countyId, double[] season) {
        List<Object[]> rows = new ArrayList<>(12);
        for (int m = 0; m < 12; m++) {
            rows.add(new Object[] {countyId, m + 1, season[m]});
        }
        return rows;
    }

    static final int[] SEASON_TYPES = {Types.BIGINT, Types.INTEGER, Types.DOUBLE};
    static final int[] YEAR_TYPES = {Types.BIGINT, Types.INTEGER, Types.BIGINT, Types.NUMERIC, Types.INTEGER, Types.INTEGER,
        Types.DATE, Types.NUMERIC};

    static Object[] row(YearRow y) {
        return new Object[] {y.projectId(), y.year(), y.countyId(), y.amount(), y.firstMonth(), y.lastMonth(), y.startedOn(),
            y.spentBefore()};
    }

    static final String STAGING = """
            DROP TABLE IF EXISTS gen_year, gen_season;
            CREATE TEMP TABLE gen_year (project_id BIGINT, year INT, county_id BIGINT, amount NUMERIC(18, 4),
                first_month INT, last_month INT, started_on DATE, spent_before NUMERIC(18, 4)) ON COMMIT DROP;
            CREATE TEMP TABLE gen_season (county_id BIGINT, month INT, weight FLOAT8) ON COMMIT DROP
            """;

    /** Monthly periods opened by the city's coordinator, due 5 working days after the month (working_day_add). */
    static final String PERIODS = """
            INSERT INTO report_period (region_id, year, cadence, starts_on, ends_on, due_on, opened_by, opened_at)
            SELECT ?, extract(YEAR FROM m)::int, 'MONTHLY', m::date, (m + INTERVAL '1 month - 1 day')::date,
                   working_day_add((m + INTERVAL '1 month - 1 day')::date, 5), ?,
                   (m::date - 3 + TIME '09:30') AT TIME ZONE 'Asia/Shanghai'
            FROM generate_series(CAST(? AS date), CAST(? AS date), INTERVAL '1 month') g (m)
            ON CONFLICT (region_id, cadence, starts_on) DO NOTHING
            """;

    /**
     * The reports: every listed project every month; the months before the open one confirmed by the
     * city, the open one about 70% submitted (half of those reviewed by the county), 10% drafts and
     * 20% not reported yet. Binds :seed, :root, :open (the open month's first day).
     */
    static final String REPORTS = """
            WITH shaped AS (
                SELECT g.project_id, g.year, m.month, g.amount, g.started_on, g.spent_before,
                       CASE WHEN m.month BETWEEN g.first_month AND g.last_month
                            THEN s.weight * (0.7 + 0.6 * (hashtextextended(g.project_id || '/' || g.year || '/' || m.month, :seed) & 65535) / 65535.0)
                            ELSE 0 END AS w
                FROM gen_year g
                CROSS JOIN generate_series(1, 12) m (month)
                JOIN gen_season s ON s.county_id = g.county_id AND s.month = m.month
            ), amounts AS (
                SELECT project_id, year, month, started_on, spent_before,
                       coalesce(round(amount * CAST(w / nullif(sum(w) OVER (PARTITION BY project_id, year), 0) AS NUMERIC), 2), 0) AS period_amount
                FROM shaped
            ), reported AS (
                SELECT a.*, rp.id AS period_id, rp.ends_on,
                       sum(a.period_amount) OVER (PARTITION BY a.project_id, a.year ORDER BY a.month) AS ytd,
                       sum(a.period_amount) OVER (PARTITION BY a.project_id ORDER BY a.year, a.month) AS cumulative,
                       (hashtextextended(a.project_id || '/open/' || a.year, :seed) & 1023) / 1023.0 AS draw
                FROM amounts a
                JOIN report_period rp ON rp.region_id = :root AND rp.cadence = 'MONTHLY' AND rp.starts_on = make_date(a.year, a.month, 1)
            )
            INSERT INTO progress_report (period_id, project_id, region_id, state, period_amount, ytd_amount, since_start_amount,
                started_this_year, started_on, progress_percent, image_progress, submitted_by, submitted_at, updated_at)
            SELECT r.period_id, r.project_id, p.region_id,
                   CASE WHEN r.ends_on < :open THEN 'CITY_CONFIRMED' WHEN r.draw < 0.35 THEN 'COUNTY_REVIEWED'
                        WHEN r.draw < 0.7 THEN 'SUBMITTED' ELSE 'DRAFT' END,
                   r.period_amount, r.ytd, x.since_start, coalesce(r.started_on <= r.ends_on, FALSE),
                   CASE WHEN r.started_on <= r.ends_on THEN r.started_on END,
                   least(100, round(x.since_start * 100 / p.total_investment, 2)),
                   CASE WHEN x.since_start IS NULL THEN '前期手续办理中'
                        WHEN x.since_start < p.total_investment * 0.1 THEN '场地平整及基础施工'
                        WHEN x.since_start < p.total_investment * 0.5 THEN '主体结构施工'
                        WHEN x.since_start < p.total_investment * 0.85 THEN '设备安装及配套工程施工'
                        ELSE '收尾及竣工验收准备' END,
                   CASE WHEN r.ends_on < :open OR r.draw < 0.7 THEN p.commissioner_id END,
                   CASE WHEN r.ends_on < :open THEN (r.ends_on + 1 + CAST(r.project_id % 4 AS int) + TIME '10:00') AT TIME ZONE 'Asia/Shanghai'
                        WHEN r.draw < 0.7 THEN (r.ends_on - CAST(r.project_id % 3 AS int) + TIME '16:00') AT TIME ZONE 'Asia/Shanghai' END,
                   (least(r.ends_on + 4, CAST(:open AS date) + 29) + TIME '17:00') AT TIME ZONE 'Asia/Shanghai'
            FROM reported r
            JOIN project p ON p.id = r.project_id
            CROSS JOIN LATERAL (SELECT CASE WHEN p.actual_start_date <= r.ends_on THEN r.spent_before + r.cumulative END AS since_start) x
            WHERE r.ends_on < :open OR r.draw < 0.8
            """;
}

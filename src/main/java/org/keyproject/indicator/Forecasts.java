package org.keyproject.indicator;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.keyproject.common.PageResult;
import org.keyproject.people.DataScope;
import org.keyproject.region.Region;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The year-end forecast (年底预测): completed investment at the end of the year from the year so far
 * and the region's own seasonality, i.e. the share of a year's investment that earlier years had
 * completed by the same month:
 *
 * <pre>  share(y, m) = completed by month m of year y ÷ completed by December of year y
 *  s           = the mean share over the earlier years (up to {@value #YEARS})
 *  forecast    = s × (completed ÷ s) + (1 − s) × planned = completed + (1 − s) × planned
 *  range       = the same with the largest share … with the smallest share</pre>
 *
 * The pace so far (completed ÷ s) weighs as much as the year is usually done by the month, the plan the
 * rest: early in the year, when a few months' money says little about December, the plan dominates;
 * by autumn the pace does. Without a plan the forecast is the pace alone (completed ÷ s). Either way
 * the forecast falls short of the plan exactly when completed ÷ s does.
 *
 * Child regions without history take the region's shares, a region without history the city's (its
 * root's). A project's forecast uses its child region's shares. Forecasts short of the year's plan are
 * flagged. Everything is summed in the database from the same month facts as the indicators.
 */
@Service
@Transactional(readOnly = true)
class Forecasts {

    static final int YEARS = 4;
    /** The key of the whole region in the per-region sums (a child region's key is its id, the own level's ""). */
    private static final String WHOLE = "*";
    private static final MathContext EXACT = new MathContext(30, RoundingMode.HALF_UP);

    private final JdbcClient jdbc;
    private final Indicators indicators;

    Forecasts(JdbcClient jdbc, Indicators indicators) {
        this.jdbc = jdbc;
        this.indicators = indicators;
    }

    /** The shares of earlier years at one month: mean, smallest, largest, and how many years they rest on. */
    /**
     * The pattern of earlier years at one month: the share of the year done by the month (mean, smallest,
     * largest), the plan's attainment (December completed ÷ planned; null when no year had a plan), how
     * many years they rest on and whose they are (OWN, PARENT, CITY).
     */
    record Seasonality(BigDecimal mean, BigDecimal min, BigDecimal max, BigDecimal attainment, BigDecimal attainmentMin,
                       BigDecimal attainmentMax, int years, String basis) {

        static Seasonality of(List<BigDecimal> shares, List<BigDecimal> attainments, String basis) {
            return new Seasonality(mean(shares), min(shares), max(shares), attainments.isEmpty() ? null : mean(attainments),
                    min(attainments), max(attainments), shares.size(), basis);
        }

        Seasonality as(String basis) {
            return new Seasonality(mean, min, max, attainment, attainmentMin, attainmentMax, years, basis);
        }

        BigDecimal forecast(BigDecimal completed, BigDecimal planned) {
            return estimate(completed, mean, attainment, planned);
        }

        BigDecimal low(BigDecimal completed, BigDecimal planned) {
            return estimate(completed, max, attainmentMin, planned);
        }

        BigDecimal high(BigDecimal completed, BigDecimal planned) {
            return estimate(completed, min, attainmentMax, planned);
        }

        private static BigDecimal mean(List<BigDecimal> values) {
            return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add).divide(BigDecimal.valueOf(values.size()), EXACT);
        }

        private static BigDecimal min(List<BigDecimal> values) {
            return values.stream().min(BigDecimal::compareTo).orElse(null);
        }

        private static BigDecimal max(List<BigDecimal> values) {
            return values.stream().max(BigDecimal::compareTo).orElse(null);
        }
    }

    /** A region's (or a child region's) forecast. */
    record RegionForecast(String key, String label, BigDecimal completed, BigDecimal planned, BigDecimal forecast,
                          BigDecimal low, BigDecimal high, BigDecimal forecastRate, BigDecimal lowRate,
                          BigDecimal highRate, Seasonality seasonality, boolean shortOfPlan) {
    }

    /** A project whose forecast falls short of its year's plan. */
    record ProjectForecast(long projectId, String code, String name, String regionName, BigDecimal completed,
                           BigDecimal planned, BigDecimal forecast, BigDecimal forecastRate) {
    }

    record Forecast(RegionForecast region, List<RegionForecast> children, PageResult<ProjectForecast> shortProjects) {
    }

    /** The forecast of the region and its child regions, and up to {@code limit} projects short of plan (0: none). */
    Forecast forecast(IndicatorQuery q, DataScope scope, int decimals, int limit) {
        Map<String, Seasonality> shares = seasonality(q);
        Seasonality whole = shares.get(WHOLE);
        if (whole == null) {
            Region root = indicators.regionOf(q.regionId());
            String rootId = root.path().split("/")[1];
            if (!rootId.equals(String.valueOf(q.regionId()))) {
                Seasonality city = seasonality(q.in(Long.parseLong(rootId))).get(WHOLE);
                whole = city == null ? null : city.as("CITY");
            }
        }
        List<Indicators.Cut> cuts = indicators.cuts(q, List.of(Dimension.ALL, Dimension.REGION));
        RegionForecast region = null;
        List<RegionForecast> children = new ArrayList<>();
        Map<String, Seasonality> used = new HashMap<>();
        for (Indicators.Cut cut : cuts) {
            if (cut.dimension() == Dimension.ALL) {
                region = regionForecast("", indicators.regionOf(q.regionId()).name(), cut.figures(), whole, decimals);
            } else if (!cut.key().isEmpty()) {
                Seasonality own = shares.get(cut.key());
                Seasonality s = own != null ? own : whole == null ? null
                        : whole.as("PARENT");
                used.put(cut.key(), s);
                children.add(regionForecast(cut.key(), cut.label(), cut.figures(), s, decimals));
            }
        }
        used.put("", shares.get("") != null ? shares.get("") : whole); // projects at the region's own level
        return new Forecast(region, children, shortProjects(q, used, scope, decimals, limit));
    }

    /**
     * The mean, smallest and largest share by the query's month over the earlier years, for the whole
     * (key {@value #WHOLE}), the region's own level ("") and each child region: one query over the month facts of month m and December of
     * each earlier year.
     */
    Map<String, Seasonality> seasonality(IndicatorQuery q) {
        List<java.time.YearMonth> months = months(q.year() - YEARS, q.year() - 1, java.util.stream.Stream.of(q.month(), 12).distinct().toList());
        indicators.readySummary(months, false);
        String sql = """
                SELECT s.period_year AS year, d.key,
                       sum(s.m_completed) FILTER (WHERE s.period_month = :month) AS by_month,
                       sum(s.m_completed) FILTER (WHERE s.period_month = 12) AS by_december,
                       sum(s.m_planned_investment) FILTER (WHERE s.period_month = 12) AS planned
                FROM %s
                JOIN region r ON r.id = s.region_id
                CROSS JOIN LATERAL (VALUES ('*'), (%s)) d(key)
                WHERE s.list_level = :level AND s.dim = 'ALL'
                GROUP BY s.period_year, d.key
                """.formatted(Indicators.summaryOf(months, "FALSE"), Dimension.REGION.expression());
        Map<String, List<BigDecimal>> shares = new LinkedHashMap<>();
        Map<String, List<BigDecimal>> attainments = new HashMap<>();
        indicators.bind(jdbc.sql(sql), q)
                .query((rs, i) -> {
                    BigDecimal[] year = {rs.getBigDecimal("by_month"), rs.getBigDecimal("by_december"), rs.getBigDecimal("planned")};
                    addYear(year, shares.computeIfAbsent(rs.getString("key"), k -> new ArrayList<>()),
                            attainments.computeIfAbsent(rs.getString("key"), k -> new ArrayList<>()));
                    return null;
                }).list();
        Map<String, Seasonality> out = new HashMap<>();
        shares.forEach((key, list) -> {
            if (!list.isEmpty()) {
                out.put(key, Seasonality.of(list, attainments.get(key), "OWN"));
            }
        });
        return out;
    }

    /**
     * Adds one earlier year, {by month, by December, planned}, to the shares (when both amounts are
     * positive) and the attainments (when it had a plan too).
     */
    private static void addYear(BigDecimal[] year, List<BigDecimal> shares, List<BigDecimal> attainments) {
        BigDecimal byMonth = year[0];
        BigDecimal byDecember = year[1];
        BigDecimal planned = year[2];
        if (byMonth != null && byDecember != null && byDecember.signum() > 0 && byMonth.signum() > 0) {
            shares.add(byMonth.divide(byDecember, EXACT));
            if (planned != null && planned.signum() > 0) {
                attainments.add(byDecember.divide(planned, EXACT));
            }
        }
    }

    /** The error of the forecast made at one month, over the years and regions tested. */
    record BacktestMonth(int month, int cases, BigDecimal meanAbsoluteErrorPercent, BigDecimal maxAbsoluteErrorPercent,
                         BigDecimal insideRangePercent) {
    }

    record Backtest(long regionId, String listLevel, int fromYear, int toYear, List<BacktestMonth> months) {
    }

    /**
     * Forecasts each year from {@code toYear - years + 1} to {@code toYear} at every month from January to
     * November as it would have been made then (from that year's months and the years before it only),
     * for the region and each child region, and compares with the December actually reported.
     */
    Backtest backtest(IndicatorQuery q, int years) {
        int fromYear = q.year() - years + 1;
        // year-to-date by year, month and key (the whole, the own level, each child region), first published
        Map<String, Map<Integer, BigDecimal[]>> ytd = new HashMap<>();
        List<java.time.YearMonth> history = months(fromYear - YEARS, q.year(), java.util.stream.IntStream.rangeClosed(1, 12).boxed().toList());
        indicators.readySummary(history, false);
        indicators.bind(jdbc.sql("""
                SELECT s.period_year AS year, s.period_month AS month, d.key, sum(s.m_completed) AS ytd,
                       sum(s.m_planned_investment) AS planned
                FROM %s
                JOIN region r ON r.id = s.region_id
                CROSS JOIN LATERAL (VALUES ('*'), (%s)) d(key)
                WHERE s.list_level = :level AND s.dim = 'ALL'
                GROUP BY s.period_year, s.period_month, d.key
                """.formatted(Indicators.summaryOf(history, "FALSE"), Dimension.REGION.expression())), q)
                .query((rs, i) -> {
                    BigDecimal[] byMonth = ytd.computeIfAbsent(rs.getString("key"), k -> new HashMap<>())
                            .computeIfAbsent(rs.getInt("year"), y -> new BigDecimal[14]);
                    byMonth[rs.getInt("month")] = rs.getBigDecimal("ytd");
                    if (rs.getInt("month") == 12) {
                        byMonth[13] = rs.getBigDecimal("planned"); // the year's plan, at its last month
                    }
                    return null;
                })
                .list();
        List<BacktestMonth> months = new ArrayList<>();
        for (int m = 1; m <= 11; m++) {
            List<BigDecimal> errors = new ArrayList<>();
            int inside = 0;
            for (Map<Integer, BigDecimal[]> byYear : ytd.values()) {
                for (int year = fromYear; year <= q.year(); year++) {
                    BigDecimal[] now = byYear.get(year);
                    if (now == null || now[m] == null || now[12] == null || now[12].signum() <= 0) {
                        continue;
                    }
                    List<BigDecimal> shares = new ArrayList<>();
                    List<BigDecimal> attainments = new ArrayList<>();
                    for (int earlier = year - YEARS; earlier < year; earlier++) {
                        BigDecimal[] then = byYear.get(earlier);
                        if (then != null) {
                            addYear(new BigDecimal[] {then[m], then[12], then[13]}, shares, attainments);
                        }
                    }
                    if (shares.isEmpty()) {
                        continue;
                    }
                    Seasonality pattern = Seasonality.of(shares, attainments, "OWN");
                    BigDecimal planned = now[13] == null ? BigDecimal.ZERO : now[13];
                    BigDecimal forecast = pattern.forecast(now[m], planned);
                    errors.add(Figures.percent(forecast.subtract(now[12]).abs(), now[12]));
                    BigDecimal low = pattern.low(now[m], planned);
                    BigDecimal high = pattern.high(now[m], planned);
                    if (now[12].compareTo(low) >= 0 && now[12].compareTo(high) <= 0) {
                        inside++;
                    }
                }
            }
            BigDecimal mean = errors.isEmpty() ? null : errors.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                    .divide(BigDecimal.valueOf(errors.size()), EXACT);
            months.add(new BacktestMonth(m, errors.size(), Figures.published(mean, 1),
                    Figures.published(errors.stream().max(BigDecimal::compareTo).orElse(null), 1),
                    Figures.published(Figures.percent(BigDecimal.valueOf(inside), BigDecimal.valueOf(errors.size())), 1)));
        }
        return new Backtest(q.regionId(), q.level().name(), fromYear, q.year(), months);
    }

    /** Every given month of every year from {@code from} to {@code to}. */
    private static List<java.time.YearMonth> months(int from, int to, List<Integer> monthsOfYear) {
        List<java.time.YearMonth> out = new ArrayList<>();
        for (int y = from; y <= to; y++) {
            for (int m : monthsOfYear) {
                out.add(java.time.YearMonth.of(y, m));
            }
        }
        return out;
    }

    private static RegionForecast regionForecast(String key, String label, Figures f, Seasonality s, int decimals) {
        BigDecimal completed = f.value(Measure.COMPLETED);
        BigDecimal planned = f.value(Measure.PLANNED_INVESTMENT);
        if (s == null) {
            return new RegionForecast(key, label, completed, planned, null, null, null, null, null, null, null, false);
        }
        BigDecimal forecast = amount(s.forecast(completed, planned));
        BigDecimal low = amount(s.low(completed, planned));
        BigDecimal high = amount(s.high(completed, planned));
        return new RegionForecast(key, label, completed, planned, forecast, low, high,
                Figures.published(Figures.percent(forecast, planned), decimals),
                Figures.published(Figures.percent(low, planned), decimals),
                Figures.published(Figures.percent(high, planned), decimals),
                s, planned.signum() > 0 && forecast.compareTo(planned) < 0);
    }

    /**
     * Projects whose forecast (their year so far over their child region's mean share) falls short of
     * plan, the largest shortfall first, with how many there are in all; none asked for (limit 0), no query.
     */
    private PageResult<ProjectForecast> shortProjects(IndicatorQuery q, Map<String, Seasonality> shares, DataScope scope,
                                                      int decimals, int limit) {
        Map<String, Seasonality> known = shares.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        if (known.isEmpty() || limit == 0) {
            return new PageResult<>(List.of(), 0, 0, limit);
        }
        String values = known.entrySet().stream()
                .map(e -> "('" + e.getKey().replace("'", "") + "', CAST(" + e.getValue().mean().toPlainString() + " AS NUMERIC), CAST("
                        + (e.getValue().attainment() == null ? "NULL" : e.getValue().attainment().toPlainString()) + " AS NUMERIC))")
                .collect(Collectors.joining(", "));
        long[] total = {0};
        List<ProjectForecast> items = indicators.bind(jdbc.sql("""
                SELECT f.project_id AS id, f.code, f.name, coalesce(r.short_name, r.name) AS region_name, f.ytd_amount, f.planned_investment,
                       round(est.forecast, 4) AS forecast, count(*) OVER () AS total
                %s
                JOIN (VALUES %s) sh(key, share, attainment) ON sh.key = %s
                CROSS JOIN LATERAL (SELECT CASE WHEN sh.attainment IS NULL THEN f.ytd_amount / sh.share
                                                ELSE f.ytd_amount + greatest(1 - sh.share, 0) * f.planned_investment * sh.attainment
                                           END AS forecast) est
                WHERE f.list_level = :level AND f.stage <> 'WITHDRAWN' AND f.planned_investment > 0
                  AND est.forecast < f.planned_investment %s
                ORDER BY f.planned_investment - est.forecast DESC, f.code LIMIT :limit
                """.formatted(indicators.cachedFacts(q), values, Dimension.REGION.expression(), Indicators.inScope(scope))), q)
                .params(scope.params()).param("limit", limit)
                .query((rs, i) -> {
                    total[0] = rs.getLong("total");
                    return new ProjectForecast(rs.getLong("id"), rs.getString("code"), rs.getString("name"),
                            rs.getString("region_name"), rs.getBigDecimal("ytd_amount"), rs.getBigDecimal("planned_investment"),
                            rs.getBigDecimal("forecast"), Figures.published(
                                    Figures.percent(rs.getBigDecimal("forecast"), rs.getBigDecimal("planned_investment")), decimals));
                })
                .list();
        return new PageResult<>(items, total[0], 0, limit);
    }

    /**
     * The year-end estimate from the year so far, the share of the year usually done by now, the plan and
     * how much of a plan is usually done: completed + (1 − share) × planned × attainment; the pace alone
     * (completed ÷ share) without a plan or an attainment.
     */
    static BigDecimal estimate(BigDecimal completed, BigDecimal share, BigDecimal attainment, BigDecimal planned) {
        if (planned.signum() <= 0 || attainment == null) {
            return completed.divide(share, EXACT);
        }
        return completed.add(BigDecimal.ONE.subtract(share).max(BigDecimal.ZERO).multiply(planned).multiply(attainment));
    }

    private static BigDecimal amount(BigDecimal value) {
        return value.setScale(4, RoundingMode.HALF_UP);
    }
}

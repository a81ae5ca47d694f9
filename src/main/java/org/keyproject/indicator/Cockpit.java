package org.keyproject.indicator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.PageResult;
import org.keyproject.people.DataScope;
import org.keyproject.region.Region;
import org.keyproject.web.Texts;
import org.springframework.stereotype.Component;

/**
 * The cockpit (驾驶舱) of one region, year, list level and month: the published report of the API
 * (headline figures with 同比) and the tables the page shows and exports: the breakdowns by child
 * region, category, industry, tier and stage, the trend by month against 序时进度 (time progress), and
 * the projects furthest behind it. Every figure comes from {@link IndicatorReports} and
 * {@link Indicators}; nothing is computed here but a project's own completion rate.
 */
@Component
class Cockpit {

    static final List<Dimension> BREAKDOWNS = List.of(Dimension.REGION, Dimension.CATEGORY, Dimension.INDUSTRY,
            Dimension.TIER, Dimension.STAGE);
    static final String TREND = "trend";
    static final String BEHIND = "behind";
    static final int FURTHEST_BEHIND = 20;

    /** A column of figures: the key in the published figures (or the breakdown row), and the figure it links to. */
    private record FigureColumn(String key, CockpitTable.Kind kind, String link) {
    }

    private static final FigureColumn LISTED = new FigureColumn("listed", CockpitTable.Kind.COUNT, "listed");
    private static final FigureColumn STARTED = new FigureColumn("started", CockpitTable.Kind.COUNT, "started");
    private static final FigureColumn START_RATE = new FigureColumn("startRate", CockpitTable.Kind.RATE, "started");
    private static final FigureColumn PLANNED = new FigureColumn("plannedInvestment", CockpitTable.Kind.AMOUNT, "plannedInvestment");
    private static final FigureColumn COMPLETED = new FigureColumn("completed", CockpitTable.Kind.AMOUNT, "completed");
    private static final FigureColumn COMPLETION_RATE = new FigureColumn("completionRate", CockpitTable.Kind.RATE, "completed");
    private static final FigureColumn POINTS = new FigureColumn("pointsAgainstTimeProgress", CockpitTable.Kind.POINTS,
            "behindTimeProgress");
    private static final List<FigureColumn> BREAKDOWN_COLUMNS = List.of(LISTED, STARTED, START_RATE, PLANNED, COMPLETED,
            COMPLETION_RATE, POINTS, new FigureColumn("shareOfCompleted", CockpitTable.Kind.RATE, "completed"));
    private static final List<FigureColumn> TREND_COLUMNS = List.of(LISTED, STARTED, START_RATE, PLANNED, COMPLETED,
            COMPLETION_RATE, new FigureColumn("timeProgress", CockpitTable.Kind.RATE, null), POINTS);

    private final Indicators indicators;
    private final IndicatorReports reports;
    private final Texts texts;

    Cockpit(Indicators indicators, IndicatorReports reports, Texts texts) {
        this.indicators = indicators;
        this.reports = reports;
        this.texts = texts;
    }

    /** What the page shows: the report (figures, 同比, source), the tables by name, the trend for the chart. */
    record View(IndicatorQuery query, Map<String, Object> report, Map<String, CockpitTable> tables,
                List<Map<String, Object>> trend) {

        public CockpitTable table(String name) {
            return tables.get(name);
        }
    }

    View view(IndicatorQuery q, DataScope scope) {
        int decimals = reports.decimals(null);
        Map<String, Object> report = reports.report(q, decimals, true);
        @SuppressWarnings("unchecked")
        Map<String, List<Map<String, Object>>> breakdowns = (Map<String, List<Map<String, Object>>>) report.get("breakdowns");
        CockpitLinks links = new CockpitLinks(q);
        Map<String, CockpitTable> tables = new LinkedHashMap<>();
        for (Dimension d : BREAKDOWNS) {
            tables.put(name(d), breakdownTable(d, breakdowns.get(name(d)), links));
        }
        List<Map<String, Object>> trend = trend(q, decimals);
        tables.put(TREND, trendTable(trend, links));
        tables.put(BEHIND, behindTable(q, scope, decimals));
        return new View(q, report, tables, trend);
    }

    /** One table alone, by its name in the export URL (region, category, industry, tier, stage, behind, trend). */
    CockpitTable table(IndicatorQuery q, String name, DataScope scope) {
        int decimals = reports.decimals(null);
        CockpitLinks links = new CockpitLinks(q);
        if (TREND.equals(name)) {
            return trendTable(trend(q, decimals), links);
        }
        if (BEHIND.equals(name)) {
            return behindTable(q, scope, decimals);
        }
        for (Dimension d : BREAKDOWNS) {
            if (name(d).equals(name)) {
                return breakdownTable(d, reports.breakdown(q, d, decimals), links);
            }
        }
        throw new InvalidInputException("table", "error.cockpit.table");
    }

    /** The projects behind one figure of one cut, as a table (a page of them, or all for the export). */
    CockpitTable projects(IndicatorQuery q, PageResult<Indicators.FactRow> rows) {
        return projectTable("projects", "cockpit.projects.title", q, rows.items(), reports.decimals(null));
    }

    /** The figure's value for the cut and the cut's name, for the heading of the projects behind it. */
    record Figure(String label, String cutLabel, Object value, CockpitTable.Kind kind) {
    }

    Figure figure(IndicatorQuery q, Measure measure, Dimension dimension, String key) {
        Region region = indicators.regionOf(q.regionId());
        Indicators.Cut cut = indicators.cuts(q, List.of(dimension)).stream()
                .filter(c -> c.dimension() == dimension && c.key().equals(key)).findFirst()
                .orElse(new Indicators.Cut(dimension, key, key, Figures.empty(q.year(), q.month())));
        Object value = cut.figures().published(reports.decimals(null)).get(measure.key());
        String cutLabel = dimension == Dimension.ALL ? region.name() : reports.label(cut, region);
        return new Figure(texts.text("indicator.figure." + measure.key()), cutLabel, value,
                measure.isAmount() ? CockpitTable.Kind.AMOUNT : CockpitTable.Kind.COUNT);
    }

    static String name(Dimension d) {
        return d.name().toLowerCase(Locale.ROOT);
    }

    private List<Map<String, Object>> trend(IndicatorQuery q, int decimals) {
        List<Map<String, Object>> months = new ArrayList<>();
        for (Figures f : indicators.trend(q)) {
            Map<String, Object> month = new LinkedHashMap<>(f.published(decimals));
            month.put("month", f.month());
            month.put("period", IndicatorQuery.period(f.year(), f.month()));
            months.add(month);
        }
        return months;
    }

    private CockpitTable breakdownTable(Dimension d, List<Map<String, Object>> rows, CockpitLinks links) {
        List<List<CockpitTable.Cell>> cells = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            String key = (String) row.get("key");
            String nameLink = d == Dimension.REGION && !key.isEmpty() ? links.cockpit(Long.parseLong(key))
                    : links.figure("listed", d, key);
            List<CockpitTable.Cell> line = new ArrayList<>();
            line.add(CockpitTable.Cell.text((String) row.get("label"), nameLink));
            line.addAll(figureCells(row, BREAKDOWN_COLUMNS, figure -> links.figure(figure, d, key)));
            cells.add(line);
        }
        return new CockpitTable(name(d), "cockpit.table." + name(d),
                columns("indicator.dimension." + d.name(), BREAKDOWN_COLUMNS), cells);
    }

    private CockpitTable trendTable(List<Map<String, Object>> months, CockpitLinks links) {
        List<List<CockpitTable.Cell>> cells = new ArrayList<>();
        for (Map<String, Object> month : months) {
            CockpitLinks at = links.at((Integer) month.get("month"));
            List<CockpitTable.Cell> line = new ArrayList<>();
            line.add(CockpitTable.Cell.text((String) month.get("period"), at.cockpit(links.q().regionId())));
            line.addAll(figureCells(month, TREND_COLUMNS, at::figure));
            cells.add(line);
        }
        return new CockpitTable(TREND, "cockpit.table.trend", columns("cockpit.col.period", TREND_COLUMNS), cells);
    }

    private CockpitTable behindTable(IndicatorQuery q, DataScope scope, int decimals) {
        return projectTable(BEHIND, "cockpit.table.behind", q, indicators.furthestBehind(q, scope, FURTHEST_BEHIND), decimals);
    }

    private List<CockpitTable.Cell> figureCells(Map<String, Object> row, List<FigureColumn> columns,
                                                Function<String, String> link) {
        @SuppressWarnings("unchecked")
        Map<String, Object> figures = row.containsKey("figures") ? (Map<String, Object>) row.get("figures") : row;
        List<CockpitTable.Cell> cells = new ArrayList<>();
        for (FigureColumn c : columns) {
            Object value = figures.containsKey(c.key()) ? figures.get(c.key()) : row.get(c.key());
            cells.add(new CockpitTable.Cell(c.kind(), value, c.link() == null ? null : link.apply(c.link())));
        }
        return cells;
    }

    private static List<CockpitTable.Column> columns(String firstHeader, List<FigureColumn> figures) {
        List<CockpitTable.Column> columns = new ArrayList<>();
        columns.add(new CockpitTable.Column(firstHeader, CockpitTable.Kind.TEXT));
        figures.forEach(f -> columns.add(new CockpitTable.Column("cockpit.col." + f.key(), f.kind())));
        return columns;
    }

    private static final List<CockpitTable.Column> PROJECT_COLUMNS = List.of(
            new CockpitTable.Column("field.code", CockpitTable.Kind.TEXT),
            new CockpitTable.Column("field.name", CockpitTable.Kind.TEXT),
            new CockpitTable.Column("field.regionId", CockpitTable.Kind.TEXT),
            new CockpitTable.Column("field.nature", CockpitTable.Kind.TEXT),
            new CockpitTable.Column("field.category", CockpitTable.Kind.TEXT),
            new CockpitTable.Column("field.stage", CockpitTable.Kind.TEXT),
            new CockpitTable.Column("cockpit.col.startedOn", CockpitTable.Kind.TEXT),
            new CockpitTable.Column("cockpit.col.totalInvestment", CockpitTable.Kind.AMOUNT),
            new CockpitTable.Column("cockpit.col.plannedInvestment", CockpitTable.Kind.AMOUNT),
            new CockpitTable.Column("cockpit.col.completed", CockpitTable.Kind.AMOUNT),
            new CockpitTable.Column("cockpit.col.completionRate", CockpitTable.Kind.RATE),
            new CockpitTable.Column("cockpit.col.pointsAgainstTimeProgress", CockpitTable.Kind.POINTS));

    /** Projects with their completion rate and points against 序时进度, from the unrounded rate, rounded once. */
    private CockpitTable projectTable(String name, String titleKey, IndicatorQuery q, List<Indicators.FactRow> rows,
                                      int decimals) {
        BigDecimal timeProgress = Figures.timeProgress(q.month());
        List<List<CockpitTable.Cell>> cells = new ArrayList<>();
        for (Indicators.FactRow r : rows) {
            BigDecimal rate = Figures.percent(r.completed(), r.plannedInvestment());
            String started = r.startedOn() != null ? r.startedOn().toString()
                    : texts.text(r.started() ? "cockpit.started" : "cockpit.notStarted");
            cells.add(List.of(
                    CockpitTable.Cell.text(r.code(), null),
                    CockpitTable.Cell.text(r.name(), CockpitLinks.project(r.projectId())),
                    CockpitTable.Cell.text(r.regionName(), null),
                    CockpitTable.Cell.text(texts.text("nature." + r.nature()), null),
                    CockpitTable.Cell.text(texts.text("category." + r.category()), null),
                    CockpitTable.Cell.text(texts.text("stage." + r.stage()), null),
                    CockpitTable.Cell.text(started, null),
                    new CockpitTable.Cell(CockpitTable.Kind.AMOUNT, r.totalInvestment(), null),
                    new CockpitTable.Cell(CockpitTable.Kind.AMOUNT, r.plannedInvestment(), null),
                    new CockpitTable.Cell(CockpitTable.Kind.AMOUNT, r.completed(), null),
                    new CockpitTable.Cell(CockpitTable.Kind.RATE, Figures.published(rate, decimals), null),
                    new CockpitTable.Cell(CockpitTable.Kind.POINTS,
                            rate == null ? null : Figures.published(rate.subtract(timeProgress), decimals), null)));
        }
        return new CockpitTable(name, titleKey, PROJECT_COLUMNS, cells);
    }
}

package org.keyproject.indicator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.PageResult;
import org.keyproject.people.CurrentUser;
import org.keyproject.project.ListLevel;
import org.keyproject.project.Stage;
import org.keyproject.region.Region;
import org.keyproject.region.RegionBoundaries;
import org.keyproject.region.Regions;
import org.keyproject.web.Texts;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The cockpit pages (驾驶舱): {@code GET /cockpit} the figures of a region, year's list and month for
 * leaders, {@code GET /indicators/projects} the projects behind any figure on it, and the Excel export
 * of every table. The query is read exactly as the API reads it; a region outside the user's scope
 * answers 404, like the API.
 */
@Controller
class CockpitPageController {

    private static final int PAGE_SIZE = 50;
    /** The cockpit's 赛马 ranks the child regions by 投资完成率. */
    static final String RANKED_BY = "completionRate";

    private final Cockpit cockpit;
    private final IndicatorReports reports;
    private final Indicators indicators;
    private final Regions regions;
    private final CockpitExport export;
    private final Texts texts;
    private final ObjectMapper json;
    private final Rankings rankings;
    private final Forecasts forecasts;
    private final RegionBoundaries boundaries;

    private final int mapLimit;

    CockpitPageController(Cockpit cockpit, IndicatorReports reports, Indicators indicators, Regions regions,
                          CockpitExport export, Texts texts, ObjectMapper json, Rankings rankings, Forecasts forecasts,
                          RegionBoundaries boundaries, @Value("${keyproject.cockpit.map-points:1000}") int mapLimit) {
        this.mapLimit = mapLimit;
        this.cockpit = cockpit;
        this.reports = reports;
        this.indicators = indicators;
        this.regions = regions;
        this.export = export;
        this.texts = texts;
        this.json = json;
        this.rankings = rankings;
        this.forecasts = forecasts;
        this.boundaries = boundaries;
    }

    /** The request parameters every cockpit page reads, as the API names them. */
    record Params(Long regionId, Integer year, String period, String listLevel, Integer batch, Boolean revised) {

        IndicatorQuery query(IndicatorReports reports, CurrentUser me) {
            return reports.query(regionId, year, period, listLevel, batch, Boolean.TRUE.equals(revised), me.scope(),
                    me.regionId());
        }
    }

    /**
     * The figure links of the tables are written plain, prefixed with this: @{…} would send each of the
     * hundreds through the resource URL resolvers, which cost more than the figures behind them.
     */
    @org.springframework.web.bind.annotation.ModelAttribute("contextPath")
    String contextPath(jakarta.servlet.http.HttpServletRequest request) {
        return request.getContextPath();
    }

    @GetMapping("/cockpit")
    String cockpit(Params params, @AuthenticationPrincipal CurrentUser me, Model model) throws JsonProcessingException {
        IndicatorQuery q = params.query(reports, me);
        Cockpit.View view = cockpit.view(q, me.scope());
        Region region = indicators.regionOf(q.regionId());
        model.addAttribute("view", view);
        model.addAttribute("q", q);
        model.addAttribute("region", region);
        model.addAttribute("links", new CockpitLinks(q));
        model.addAttribute("shown", new CockpitTable.Shown());
        model.addAttribute("furthestBehind", Cockpit.FURTHEST_BEHIND);
        model.addAttribute("up", above(region, me));
        model.addAttribute("children", regions.children(region.id()));
        model.addAttribute("years", years(q));
        model.addAttribute("levels", ListLevel.values());
        model.addAttribute("source", source((String) view.report().get("source"), q.revised()));
        int decimals = (Integer) view.report().get("decimals");
        Forecasts.RegionForecast forecast = forecasts.forecast(q, me.scope(), decimals, 0).region();
        model.addAttribute("ranking", rankings.byFigure(q, RANKED_BY, decimals));
        model.addAttribute("forecast", forecast);
        model.addAttribute("chart", json.writeValueAsString(chart(view.trend(), decimals, forecast)));
        Map<String, Object> map = map(q, region, me);
        model.addAttribute("map", json.writeValueAsString(map));
        model.addAttribute("mapCapped", map.get("capped"));
        return "indicator/cockpit";
    }

    @GetMapping("/cockpit/export")
    void exportTable(Params params, @RequestParam String table, @AuthenticationPrincipal CurrentUser me,
                     HttpServletResponse response) throws IOException {
        IndicatorQuery q = params.query(reports, me);
        CockpitTable t = cockpit.table(q, table, me.scope());
        export.send(t, title(q, texts.text(t.titleKey())), response);
    }

    @GetMapping("/indicators/projects")
    String projects(Params params, @RequestParam(defaultValue = "listed") String figure,
                    @RequestParam(defaultValue = "all") String dimension, @RequestParam(defaultValue = "") String key,
                    @RequestParam(defaultValue = "0") int page, @AuthenticationPrincipal CurrentUser me, Model model) {
        IndicatorQuery q = params.query(reports, me);
        Measure measure = reports.measure(figure);
        Dimension d = reports.dimension(dimension);
        if (page < 0) {
            throw new InvalidInputException("page", "error.indicator.page");
        }
        PageResult<Indicators.FactRow> result = indicators.projects(q, measure, d, key, me.scope(), page, PAGE_SIZE);
        model.addAttribute("q", q);
        model.addAttribute("region", indicators.regionOf(q.regionId()));
        model.addAttribute("figure", cockpit.figure(q, measure, d, key));
        model.addAttribute("measure", measure.key());
        model.addAttribute("dimension", d);
        model.addAttribute("key", key);
        model.addAttribute("result", result);
        model.addAttribute("table", cockpit.projects(q, result));
        model.addAttribute("links", new CockpitLinks(q));
        model.addAttribute("shown", new CockpitTable.Shown());
        return "indicator/projects";
    }

    @GetMapping("/indicators/projects/export")
    void exportProjects(Params params, @RequestParam(defaultValue = "listed") String figure,
                        @RequestParam(defaultValue = "all") String dimension, @RequestParam(defaultValue = "") String key,
                        @AuthenticationPrincipal CurrentUser me, HttpServletResponse response) throws IOException {
        IndicatorQuery q = params.query(reports, me);
        Measure measure = reports.measure(figure);
        Dimension d = reports.dimension(dimension);
        PageResult<Indicators.FactRow> all = indicators.projects(q, measure, d, key, me.scope(), 0, Integer.MAX_VALUE);
        Cockpit.Figure f = cockpit.figure(q, measure, d, key);
        String what = d == Dimension.ALL ? f.label() : f.cutLabel() + " " + f.label();
        export.send(cockpit.projects(q, all), title(q, what), response);
    }

    /** A query the pages cannot answer shows what is wrong with it, with 400. */
    @ExceptionHandler(InvalidInputException.class)
    String invalid(InvalidInputException e, HttpServletResponse response, Model model) {
        response.setStatus(400);
        model.addAttribute("status", 400);
        model.addAttribute("messages", e.problems().stream().map(texts::text).toList());
        return "error/page";
    }

    /** "双台子区 2026-04 分地区" */
    private String title(IndicatorQuery q, String what) {
        return texts.text("cockpit.export.title", indicators.regionOf(q.regionId()).name(), q.period(), what);
    }

    /** The regions from the user's own down to the one shown, for going back up. */
    private List<Region> above(Region region, CurrentUser me) {
        return regions.ancestry(region.id()).stream()
                .filter(r -> r.id() != region.id() && me.scope().coversRegion(r.path())).toList();
    }

    /** The years with a list, this year and the one shown, the latest first. */
    private List<Integer> years(IndicatorQuery q) {
        TreeSet<Integer> years = new TreeSet<>(indicators.listYears());
        years.add(LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear());
        years.add(q.year());
        return new ArrayList<>(years.descendingSet());
    }

    /** Where the figures come from: frozen snapshots (first published or revised), live reports, both, none. */
    private String source(String source, boolean revised) {
        String key = "SNAPSHOT".equals(source) || "MIXED".equals(source) ? source + (revised ? ".revised" : ".first") : source;
        return texts.text("cockpit.source." + key);
    }

    /**
     * The trend for the chart: completion rate by month against 序时进度 through December, and the
     * year-end forecast of the completion rate at December, with its range.
     */
    private Map<String, Object> chart(List<Map<String, Object>> trend, int decimals, Forecasts.RegionForecast forecast) {
        Map<String, Object> chart = new LinkedHashMap<>();
        List<Object> months = new ArrayList<>();
        List<Object> completion = new ArrayList<>();
        List<Object> time = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            months.add(texts.text("cockpit.chart.month", m));
            Map<String, Object> reported = m <= trend.size() ? trend.get(m - 1) : null;
            completion.add(reported == null ? null : reported.get("completionRate"));
            time.add(reported == null ? Figures.published(Figures.timeProgress(m), decimals) : reported.get("timeProgress"));
        }
        chart.put("decimals", decimals);
        chart.put("months", months);
        chart.put("completionRate", completion);
        chart.put("timeProgress", time);
        if (forecast != null && forecast.forecastRate() != null) {
            chart.put("forecast", Map.of("rate", forecast.forecastRate(), "low", forecast.lowRate(),
                    "high", forecast.highRate(), "short", forecast.shortOfPlan()));
        }
        chart.put("labels", Map.of("completion", texts.text("cockpit.tile.completionRate"),
                "time", texts.text("cockpit.chart.timeProgress"), "forecast", texts.text("cockpit.forecast.label")));
        return chart;
    }

    /**
     * The map (一张图): the children's boundaries as GeoJSON and the projects in the user's scope with
     * coordinates, each with its stage and whether it is behind 序时进度.
     */
    private Map<String, Object> map(IndicatorQuery q, Region region, CurrentUser me) throws JsonProcessingException {
        List<Map<String, Object>> points = new ArrayList<>();
        Indicators.MapPoints found = indicators.mapPoints(q, me.scope(), mapLimit);
        for (Indicators.MapPoint p : found.points()) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("id", p.projectId());
            point.put("name", p.name());
            point.put("value", List.of(p.longitude(), p.latitude()));
            point.put("stage", p.stage());
            point.put("position", p.behind() == null ? "none" : p.behind() ? "behind" : "ahead");
            points.add(point);
        }
        Map<String, String> stages = new LinkedHashMap<>();
        for (Stage s : Stage.values()) {
            if (s != Stage.WITHDRAWN) {
                stages.put(s.name(), texts.text("stage." + s.name()));
            }
        }
        Map<String, String> positions = new LinkedHashMap<>();
        for (String position : List.of("ahead", "behind", "none")) {
            positions.put(position, texts.text("cockpit.map." + position));
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", "region-" + region.id());
        map.put("geo", json.readTree(boundaries.childrenOf(region.id())));
        map.put("points", points);
        if (found.capped()) {
            map.put("capped", texts.text("cockpit.map.capped", points.size()));
        }
        map.put("stages", stages);
        map.put("positions", positions);
        return map;
    }
}

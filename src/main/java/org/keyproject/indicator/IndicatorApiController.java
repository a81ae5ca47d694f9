package org.keyproject.indicator;

import java.util.Map;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.PageResult;
import org.keyproject.people.CurrentUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The indicators over the API: {@code GET /api/v1/indicators} every figure of a region subtree, year's
 * list and month; {@code GET /api/v1/indicators/projects} the projects behind one figure; {@code GET /api/v1/forecast}
 * the year-end forecast. A region the
 * caller's scope does not cover answers 404.
 */
@RestController
@RequestMapping("/api/v1")
class IndicatorApiController {

    private final IndicatorReports reports;
    private final Indicators indicators;
    private final Forecasts forecasts;

    IndicatorApiController(IndicatorReports reports, Indicators indicators, Forecasts forecasts) {
        this.reports = reports;
        this.indicators = indicators;
        this.forecasts = forecasts;
    }

    /**
     * The year-end forecast of the region, its child regions and the projects (up to {@code limit})
     * whose forecast falls short of their year's plan.
     */
    @GetMapping("/forecast")
    Forecasts.Forecast forecast(@RequestParam(required = false) Long regionId, @RequestParam(required = false) Integer year,
                                @RequestParam(required = false) String period, @RequestParam(required = false) String listLevel,
                                @RequestParam(defaultValue = "false") boolean revised,
                                @RequestParam(required = false) Integer decimals, @RequestParam(defaultValue = "50") int limit,
                                @AuthenticationPrincipal CurrentUser me) {
        IndicatorQuery q = reports.query(regionId, year, period, listLevel, null, revised, me.scope(), me.regionId());
        if (limit < 1 || limit > 500) {
            throw new InvalidInputException("limit", "error.indicator.page");
        }
        return forecasts.forecast(q, me.scope(), reports.decimals(decimals), limit);
    }

    /**
     * How good the forecast has been: each of the {@code years} years up to {@code year} (default: last
     * year) forecast at every month from its own months and earlier years, against its December.
     */
    @GetMapping("/forecast/backtest")
    Forecasts.Backtest backtest(@RequestParam(required = false) Long regionId, @RequestParam(required = false) Integer year,
                                @RequestParam(required = false) String listLevel, @RequestParam(defaultValue = "3") int years,
                                @AuthenticationPrincipal CurrentUser me) {
        int last = year != null ? year : java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).getYear() - 1;
        IndicatorQuery q = reports.query(regionId, last, last + "-12", listLevel, null, false, me.scope(), me.regionId());
        if (years < 1 || years > 10) {
            throw new InvalidInputException("years", "error.indicator.years");
        }
        return forecasts.backtest(q, years);
    }

    @GetMapping("/indicators")
    Map<String, Object> indicators(@RequestParam(required = false) Long regionId, @RequestParam(required = false) Integer year,
                                   @RequestParam(required = false) String period, @RequestParam(required = false) String listLevel,
                                   @RequestParam(required = false) Integer batch, @RequestParam(defaultValue = "false") boolean revised,
                                   @RequestParam(required = false) Integer decimals,
                                   @RequestParam(defaultValue = "true") boolean breakdowns,
                                   @AuthenticationPrincipal CurrentUser me) {
        IndicatorQuery q = reports.query(regionId, year, period, listLevel, batch, revised, me.scope(), me.regionId());
        return reports.report(q, reports.decimals(decimals), breakdowns);
    }

    /**
     * The projects behind a figure: {@code figure} is a count's or amount's name (started, newProjects …),
     * {@code dimension} and {@code key} the cut (CATEGORY + INDUSTRIAL …; ALL by default).
     */
    @GetMapping("/indicators/projects")
    PageResult<Indicators.FactRow> projects(@RequestParam(required = false) Long regionId, @RequestParam(required = false) Integer year,
                                            @RequestParam(required = false) String period, @RequestParam(required = false) String listLevel,
                                            @RequestParam(required = false) Integer batch, @RequestParam(defaultValue = "false") boolean revised,
                                            @RequestParam(defaultValue = "listed") String figure,
                                            @RequestParam(defaultValue = "ALL") String dimension,
                                            @RequestParam(defaultValue = "") String key,
                                            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
                                            @AuthenticationPrincipal CurrentUser me) {
        IndicatorQuery q = reports.query(regionId, year, period, listLevel, batch, revised, me.scope(), me.regionId());
        Measure measure = reports.measure(figure);
        Dimension d = reports.dimension(dimension);
        if (page < 0 || size < 1 || size > 500) {
            throw new InvalidInputException("size", "error.indicator.page");
        }
        return indicators.projects(q, measure, d, key, me.scope(), page, size);
    }
}

package org.keyproject.indicator;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keyproject.common.InvalidInputException;
import org.keyproject.people.DataScope;
import org.keyproject.project.ListLevel;
import org.keyproject.region.Region;
import org.keyproject.web.Texts;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Assembles what the API and the pages show for one query: the headline figures, 同比 and 环比, and
 * the breakdowns, as published (rates rounded half up to the configured decimals, amounts exact).
 */
@Component
class IndicatorReports {

    static final List<Dimension> BREAKDOWNS = List.of(Dimension.ALL, Dimension.REGION, Dimension.CATEGORY,
            Dimension.NATURE, Dimension.INDUSTRY, Dimension.TIER, Dimension.STAGE, Dimension.LEADER);

    private final Indicators indicators;
    private final Texts texts;
    private final int defaultDecimals;

    IndicatorReports(Indicators indicators, Texts texts, @Value("${keyproject.indicators.decimals:1}") int defaultDecimals) {
        this.indicators = indicators;
        this.texts = texts;
        this.defaultDecimals = defaultDecimals;
    }

    /** The query the request parameters describe, with every problem named by its parameter. */
    IndicatorQuery query(Long regionId, Integer year, String period, String listLevel, Integer batch, boolean revised,
                         DataScope scope, long ownRegionId) {
        long region = regionId != null ? regionId : ownRegionId;
        Region r = indicators.region(region, scope);
        int y = year != null ? year : LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
        if (y < 2000 || y > 2100) {
            throw new InvalidInputException("year", "error.indicator.year");
        }
        int month;
        if (period == null || period.isBlank()) {
            month = indicators.defaultMonth(region, y);
        } else {
            if (!period.matches("\\d{4}-\\d{2}")) {
                throw new InvalidInputException("period", "error.indicator.period");
            }
            int py = Integer.parseInt(period.substring(0, 4));
            month = Integer.parseInt(period.substring(5));
            if (month < 1 || month > 12) {
                throw new InvalidInputException("period", "error.indicator.period");
            }
            if (py != y) {
                throw new InvalidInputException("period", "error.indicator.periodYear", y);
            }
        }
        ListLevel level;
        if (listLevel == null || listLevel.isBlank()) {
            level = switch (r.level()) {
                case PROVINCE -> ListLevel.PROVINCE;
                case CITY -> ListLevel.CITY;
                default -> ListLevel.COUNTY;
            };
        } else {
            try {
                level = ListLevel.valueOf(listLevel.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("listLevel", "error.indicator.listLevel");
            }
        }
        if (batch != null && batch < 1) {
            throw new InvalidInputException("batch", "error.indicator.batch");
        }
        return new IndicatorQuery(region, y, month, level, batch, revised);
    }

    int decimals(Integer requested) {
        if (requested == null) {
            return defaultDecimals;
        }
        if (requested < 0 || requested > 4) {
            throw new InvalidInputException("decimals", "error.indicator.decimals");
        }
        return requested;
    }

    /** The figure a request names by its API name (started, newProjects …). */
    Measure measure(String figure) {
        Measure measure = Measure.byKey(figure);
        if (measure == null) {
            throw new InvalidInputException("figure", "error.indicator.figure");
        }
        return measure;
    }

    /** The cut a request names (region, category …, any case). */
    Dimension dimension(String dimension) {
        try {
            return Dimension.valueOf(dimension.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("dimension", "error.indicator.dimension");
        }
    }

    /** Everything GET /api/v1/indicators answers. */
    Map<String, Object> report(IndicatorQuery q, int decimals, boolean withBreakdowns) {
        Region region = indicators.regionOf(q.regionId());
        List<Dimension> asked = new ArrayList<>(withBreakdowns ? BREAKDOWNS : List.of(Dimension.ALL));
        asked.add(Dimension.SOURCE);
        List<Indicators.Cut> cuts = indicators.cuts(q, asked);
        Figures whole = cuts.get(0).figures();
        IndicatorQuery before = q.monthBefore();
        List<Figures> earlier = indicators.wholes(before == null ? List.of(q.yearBefore()) : List.of(q.yearBefore(), before));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("regionId", region.id());
        out.put("regionName", region.name());
        out.put("year", q.year());
        out.put("period", q.period());
        out.put("listLevel", q.level().name());
        out.put("batch", q.batch());
        out.put("revised", q.revised());
        out.put("decimals", decimals);
        out.put("unit", "万元");
        out.put("source", Indicators.source(cuts));
        out.put("figures", whole.published(decimals));
        out.put("yearOnYear", whole.comparedWith(earlier.get(0), decimals));
        out.put("previousPeriod", before == null ? null : whole.comparedWith(earlier.get(1), decimals));
        if (withBreakdowns) {
            Map<String, List<Map<String, Object>>> breakdowns = new LinkedHashMap<>();
            for (Dimension d : BREAKDOWNS.subList(1, BREAKDOWNS.size())) {
                breakdowns.put(d.name().toLowerCase(Locale.ROOT), rows(cuts, d, region, decimals));
            }
            out.put("breakdowns", breakdowns);
        }
        return out;
    }

    /** One breakdown alone, its rows as in {@code breakdowns} of the report. */
    List<Map<String, Object>> breakdown(IndicatorQuery q, Dimension d, int decimals) {
        return rows(indicators.cuts(q, List.of(Dimension.ALL, d)), d, indicators.regionOf(q.regionId()), decimals);
    }

    /** The rows of one dimension's cuts; the first cut is the whole (ALL sorts first). */
    private List<Map<String, Object>> rows(List<Indicators.Cut> cuts, Dimension d, Region region, int decimals) {
        Figures whole = cuts.get(0).figures();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Indicators.Cut cut : cuts) {
            if (cut.dimension() == d) {
                rows.add(cutRow(cut, whole, region, decimals));
            }
        }
        return rows;
    }

    private Map<String, Object> cutRow(Indicators.Cut cut, Figures whole, Region region, int decimals) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("key", cut.key());
        row.put("label", label(cut, region));
        row.put("figures", cut.figures().published(decimals));
        row.put("shareOfListed", Figures.published(
                Figures.percent(cut.figures().value(Measure.LISTED), whole.value(Measure.LISTED)), decimals));
        row.put("shareOfCompleted", Figures.published(
                Figures.percent(cut.figures().value(Measure.COMPLETED), whole.value(Measure.COMPLETED)), decimals));
        return row;
    }

    /** A cut's name in the user's language. */
    String label(Indicators.Cut cut, Region region) {
        return switch (cut.dimension()) {
            case ALL -> region.name();
            case CATEGORY -> texts.text("category." + cut.key());
            case SOURCE -> cut.key();
            case NATURE -> texts.text("nature." + cut.key());
            case TIER -> texts.text("tier." + cut.key());
            case STAGE -> texts.text("stage." + cut.key());
            case REGION -> cut.key().isEmpty() ? texts.text("indicator.region.self", region.name()) : cut.label();
            case INDUSTRY, LEADER -> cut.key().isEmpty() ? texts.text("indicator.none") : cut.label();
        };
    }
}

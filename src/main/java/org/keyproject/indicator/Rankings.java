package org.keyproject.indicator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keyproject.common.FieldProblem;
import org.keyproject.region.Region;
import org.keyproject.region.Regions;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rankings (赛马): the child regions of a region ranked at one month by one figure or by a scheme's
 * weighted sum of figures, with each region's movement since the month before. Every figure comes from
 * {@link Indicators#cuts} by REGION (aggregated in the database); only the ordering of the handful of
 * child regions happens here.
 */
@Service
@Transactional(readOnly = true)
class Rankings {

    /** 同比 growth of the completed investment: this year's 1–N months against the same months of last year. */
    static final String COMPLETED_GROWTH = "completedGrowth";
    private static final String TIME_PROGRESS = "timeProgress";

    /**
     * What a ranking may be by: every measure and rate, points against 序时进度 and the growth of the
     * completed investment. 序时进度 itself is the same for every region and ranks nothing.
     */
    static final Set<String> FIGURES = rankable();

    private final Indicators indicators;
    private final Regions regions;

    Rankings(Indicators indicators, Regions regions) {
        this.indicators = indicators;
        this.regions = regions;
    }

    /** A ranking as the API answers it: what it ranks by, when, and the child regions in rank order. */
    record Ranking(long regionId, String regionName, int year, String period, String previousPeriod, String listLevel,
                   Integer batch, boolean revised, int decimals, String figure, SchemeVersion scheme, List<Item> items) {
    }

    /** The scheme version a ranking is by. */
    record SchemeVersion(long id, String name, int version, Map<String, BigDecimal> weights) {
    }

    /**
     * One child region: its value as published, its rank (null without a value), its rank at the month
     * before and the places it gained (+) or lost (−) since; null in January or where either rank is missing.
     */
    record Item(long regionId, String regionName, BigDecimal value, Integer rank, Integer previousRank, Integer movement) {
    }

    /** Why a key cannot be ranked by, as a problem of the given field; null when it can. */
    static FieldProblem problemWith(String field, String key) {
        if (FIGURES.contains(key)) {
            return null;
        }
        return TIME_PROGRESS.equals(key)
                ? new FieldProblem(field, "error.ranking.timeProgress")
                : new FieldProblem(field, "error.ranking.figure", key);
    }

    Ranking byFigure(IndicatorQuery q, String figure, int decimals) {
        return ranking(q, figure, null, Map.of(figure, BigDecimal.ONE), decimals);
    }

    Ranking byScheme(IndicatorQuery q, RankingSchemes.Scheme s, int decimals) {
        return ranking(q, null, new SchemeVersion(s.id(), s.name(), s.version(), s.weights()), s.weights(), decimals);
    }

    private Ranking ranking(IndicatorQuery q, String figure, SchemeVersion scheme, Map<String, BigDecimal> weights,
                            int decimals) {
        Region region = indicators.regionOf(q.regionId());
        IndicatorQuery before = q.monthBefore();
        Map<Long, Integer> previousRanks = new HashMap<>();
        if (before != null) {
            for (Placed p : placed(before, weights, decimals)) {
                if (p.rank() != null) {
                    previousRanks.put(p.regionId(), p.rank());
                }
            }
        }
        List<Item> items = new ArrayList<>();
        for (Placed p : placed(q, weights, decimals)) {
            Integer previous = previousRanks.get(p.regionId());
            Integer movement = p.rank() == null || previous == null ? null : previous - p.rank();
            items.add(new Item(p.regionId(), p.regionName(), p.value(), p.rank(), previous, movement));
        }
        return new Ranking(region.id(), region.name(), q.year(), q.period(), before == null ? null : before.period(),
                q.level().name(), q.batch(), q.revised(), decimals, figure, scheme, items);
    }

    private record Placed(long regionId, String regionName, BigDecimal value, Integer rank) {
    }

    private record Child(long id, String name, Figures figures, Figures yearBefore) {
    }

    /**
     * The child regions in rank order: the highest published value first, equal values sharing a rank
     * (1, 2, 2, 4), regions without a value last and unranked, each group in the regions' own order.
     */
    private List<Placed> placed(IndicatorQuery q, Map<String, BigDecimal> weights, int decimals) {
        List<Placed> ordered = new ArrayList<>();
        for (Child c : children(q, weights.containsKey(COMPLETED_GROWTH))) {
            ordered.add(new Placed(c.id(), c.name(), Figures.published(score(weights, c.figures(), c.yearBefore()), decimals),
                    null));
        }
        ordered.sort(Comparator.comparing(Placed::value, Comparator.nullsLast(Comparator.reverseOrder())));
        List<Placed> ranked = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            Placed p = ordered.get(i);
            Integer rank = null;
            if (p.value() != null) {
                boolean tie = i > 0 && ordered.get(i - 1).value() != null && ordered.get(i - 1).value().compareTo(p.value()) == 0;
                rank = tie ? ranked.get(i - 1).rank() : i + 1;
            }
            ranked.add(new Placed(p.regionId(), p.regionName(), p.value(), rank));
        }
        return ranked;
    }

    /** Σ weight × figure from the unrounded figures; null when any of them has no value. */
    private static BigDecimal score(Map<String, BigDecimal> weights, Figures now, Figures yearBefore) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> w : weights.entrySet()) {
            BigDecimal value = w.getKey().equals(COMPLETED_GROWTH)
                    ? now.growth(Measure.COMPLETED, yearBefore)
                    : now.valueOf(w.getKey());
            if (value == null) {
                return null;
            }
            sum = sum.add(value.multiply(w.getValue()));
        }
        return sum;
    }

    /**
     * The current child regions in their order (empty figures where no project is listed), then any
     * former child region that still holds facts in that month.
     */
    private List<Child> children(IndicatorQuery q, boolean withYearBefore) {
        Map<String, Indicators.Cut> now = byChild(q);
        Map<String, Indicators.Cut> then = withYearBefore ? byChild(q.yearBefore()) : Map.of();
        Map<String, String> names = new LinkedHashMap<>();
        for (Region r : regions.children(q.regionId())) {
            names.put(String.valueOf(r.id()), r.name());
        }
        for (Indicators.Cut cut : now.values()) {
            names.putIfAbsent(cut.key(), cut.label());
        }
        List<Child> children = new ArrayList<>();
        names.forEach((key, name) -> children.add(new Child(Long.parseLong(key), name,
                figures(now.get(key), q), figures(then.get(key), q.yearBefore()))));
        return children;
    }

    /** The figures of each child region by its id; the region's own level (本级, the empty key) is no child. */
    private Map<String, Indicators.Cut> byChild(IndicatorQuery q) {
        Map<String, Indicators.Cut> cuts = new LinkedHashMap<>();
        for (Indicators.Cut cut : indicators.cuts(q, List.of(Dimension.REGION))) {
            if (!cut.key().isEmpty()) {
                cuts.put(cut.key(), cut);
            }
        }
        return cuts;
    }

    private static Figures figures(Indicators.Cut cut, IndicatorQuery q) {
        return cut == null ? Figures.empty(q.year(), q.month()) : cut.figures();
    }

    private static Set<String> rankable() {
        Set<String> keys = new LinkedHashSet<>();
        for (Measure m : Measure.values()) {
            keys.add(m.key());
        }
        for (Rate r : Rate.values()) {
            keys.add(r.key());
        }
        keys.add("pointsAgainstTimeProgress");
        keys.add(COMPLETED_GROWTH);
        return Collections.unmodifiableSet(keys);
    }
}

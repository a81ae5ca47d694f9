package org.keyproject.indicator;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The measures of one cut (a region subtree, a category …) at one month, and the rates derived from
 * them. Rates are kept unrounded (percent, 30 significant digits) and rounded once, half up, when
 * published; differences in points are taken from the unrounded rates.
 */
record Figures(int year, int month, Map<Measure, BigDecimal> values) {

    private static final MathContext EXACT = new MathContext(30, RoundingMode.HALF_UP);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    static Figures empty(int year, int month) {
        Map<Measure, BigDecimal> zero = new EnumMap<>(Measure.class);
        for (Measure m : Measure.values()) {
            zero.put(m, BigDecimal.ZERO);
        }
        return new Figures(year, month, zero);
    }

    BigDecimal value(Measure m) {
        return values.get(m);
    }

    /** The rate in percent, unrounded; null when the denominator is zero. */
    BigDecimal rate(Rate r) {
        return percent(value(r.numerator()), value(r.denominator()));
    }

    /** 序时进度: the share of the year elapsed at the end of the month, in percent. */
    BigDecimal timeProgress() {
        return timeProgress(month);
    }

    /** 序时进度 at the end of a month: month ÷ 12, in percent, unrounded. */
    static BigDecimal timeProgress(int month) {
        return percent(BigDecimal.valueOf(month), BigDecimal.valueOf(12));
    }

    /** Points ahead (+) or behind (−) 序时进度: completion rate minus time progress, unrounded. */
    BigDecimal pointsAgainstTimeProgress() {
        BigDecimal completion = rate(Rate.COMPLETION_RATE);
        return completion == null ? null : completion.subtract(timeProgress());
    }

    static BigDecimal percent(BigDecimal part, BigDecimal whole) {
        if (part == null || whole == null || whole.signum() == 0) {
            return null;
        }
        return part.multiply(HUNDRED).divide(whole, EXACT);
    }

    static BigDecimal published(BigDecimal unrounded, int decimals) {
        return unrounded == null ? null : unrounded.setScale(decimals, RoundingMode.HALF_UP);
    }

    /** Every measure and rate under its API name, rates rounded half up to the given decimals. */
    Map<String, Object> published(int decimals) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Measure m : Measure.values()) {
            out.put(m.key(), m.isAmount() ? value(m) : value(m).longValueExact());
        }
        for (Rate r : Rate.values()) {
            out.put(r.key(), published(rate(r), decimals));
        }
        out.put("timeProgress", published(timeProgress(), decimals));
        out.put("pointsAgainstTimeProgress", published(pointsAgainstTimeProgress(), decimals));
        return out;
    }

    /**
     * This month against an earlier one (同比 or 环比): counts and amounts as differences, rates as
     * differences in points (from the unrounded rates), and the growth rate of every count and amount.
     */
    Map<String, Object> comparedWith(Figures before, int decimals) {
        Map<String, Object> change = new LinkedHashMap<>();
        Map<String, Object> growth = new LinkedHashMap<>();
        for (Measure m : Measure.values()) {
            BigDecimal difference = value(m).subtract(before.value(m));
            change.put(m.key(), m.isAmount() ? difference : difference.longValueExact());
            growth.put(m.key(), published(growth(m, before), decimals));
        }
        for (Rate r : Rate.values()) {
            BigDecimal now = rate(r);
            BigDecimal then = before.rate(r);
            change.put(r.key(), now == null || then == null ? null : published(now.subtract(then), decimals));
        }
        BigDecimal now = pointsAgainstTimeProgress();
        BigDecimal then = before.pointsAgainstTimeProgress();
        change.put("pointsAgainstTimeProgress", now == null || then == null ? null : published(now.subtract(then), decimals));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("year", before.year());
        out.put("period", IndicatorQuery.period(before.year(), before.month()));
        out.put("figures", before.published(decimals));
        out.put("change", change);
        out.put("growth", growth);
        return out;
    }

    /**
     * Any published figure by its API name, unrounded: a measure's key, a rate's key, timeProgress or
     * pointsAgainstTimeProgress; null where a rate's denominator is zero.
     */
    BigDecimal valueOf(String key) {
        Measure m = Measure.byKey(key);
        if (m != null) {
            return value(m);
        }
        for (Rate r : Rate.values()) {
            if (r.key().equals(key)) {
                return rate(r);
            }
        }
        return switch (key) {
            case "timeProgress" -> timeProgress();
            case "pointsAgainstTimeProgress" -> pointsAgainstTimeProgress();
            default -> throw new IllegalArgumentException("no figure " + key);
        };
    }

    /** The growth of a count or amount against an earlier month, in percent, unrounded; null when it was zero then. */
    BigDecimal growth(Measure m, Figures before) {
        return percent(value(m).subtract(before.value(m)), before.value(m));
    }
}

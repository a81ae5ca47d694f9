package org.keyproject.indicator;

import org.keyproject.project.ListLevel;

/**
 * What the indicators are asked about: a region subtree, a year's list of one level (one batch or
 * all), the month of the period's end, first published (revision 0) or revised figures.
 */
record IndicatorQuery(long regionId, int year, int month, ListLevel level, Integer batch, boolean revised) {

    static String period(int year, int month) {
        return "%04d-%02d".formatted(year, month);
    }

    String period() {
        return period(year, month);
    }

    IndicatorQuery at(int year, int month) {
        return new IndicatorQuery(regionId, year, month, level, batch, revised);
    }

    IndicatorQuery in(long regionId) {
        return new IndicatorQuery(regionId, year, month, level, batch, revised);
    }

    /** The same month of the year before (同比). */
    IndicatorQuery yearBefore() {
        return at(year - 1, month);
    }

    /** The month before, inside the same year's list (环比); none for January. */
    IndicatorQuery monthBefore() {
        return month == 1 ? null : at(year, month - 1);
    }
}

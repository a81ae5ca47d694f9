package org.keyproject.indicator;

/** A published rate: one measure as a percentage of another, from the unrounded counts and sums. */
enum Rate {
    /** 开复工率 */
    START_RATE("startRate", Measure.STARTED, Measure.LISTED),
    /** 新开工率 */
    NEW_START_RATE("newStartRate", Measure.STARTED_NEW, Measure.NEW),
    /** 复工率 */
    RESUME_RATE("resumeRate", Measure.RESUMED, Measure.CONTINUING),
    /** 投资完成率 */
    COMPLETION_RATE("completionRate", Measure.COMPLETED, Measure.PLANNED_INVESTMENT),
    /** 完成年度计划开工 */
    PLANNED_START_RATE("plannedStartRate", Measure.PLANNED_STARTED, Measure.PLANNED_STARTS),
    /** industrial projects among projects of 5亿元 and more */
    INDUSTRIAL_SHARE_ABOVE_FIVE_YI("industrialShareAboveFiveYi", Measure.INDUSTRIAL_ABOVE_FIVE_YI, Measure.ABOVE_FIVE_YI);

    private final String key;
    private final Measure numerator;
    private final Measure denominator;

    Rate(String key, Measure numerator, Measure denominator) {
        this.key = key;
        this.numerator = numerator;
        this.denominator = denominator;
    }

    String key() {
        return key;
    }

    Measure numerator() {
        return numerator;
    }

    Measure denominator() {
        return denominator;
    }
}

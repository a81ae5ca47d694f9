package org.keyproject.indicator;

/**
 * Every count and sum the indicators are made of, each defined once: a count is the number of the
 * month's facts ({@code f}, one per listed project and level) that satisfy its predicate, a sum adds an
 * amount over all of them. The same predicate selects the projects behind the figure, so a figure and
 * its list can never disagree. Parameters: {@code f.period_year}, {@code f.period_month} of the period.
 */
enum Measure {
    LISTED("listed", "TRUE", null),
    /** Packages (打包项目) counted as their sub-projects: entries − packages + sub-projects. */
    LISTED_SPLIT("listedSplit", "TRUE", "sum(CASE WHEN f.sub_projects > 0 THEN f.sub_projects ELSE 1 END)"),
    PACKAGES("packages", "f.sub_projects > 0", null),
    NEW("newProjects", "f.nature = 'NEW'", null),
    CONTINUING("continuingProjects", "f.nature = 'CONTINUING'", null),
    /** 开复工: a new project started this year, a continuing one resumed this year. */
    STARTED("started", "f.started_this_year", null),
    STARTED_NEW("startedNew", "f.started_this_year AND f.nature = 'NEW'", null),
    RESUMED("resumed", "f.started_this_year AND f.nature = 'CONTINUING'", null),
    NOT_STARTED("notStarted", "NOT f.started_this_year", null),
    /** 亿元以上 */
    ABOVE_ONE_YI("aboveOneYi", "f.total_investment >= 10000", null),
    ABOVE_FIVE_YI("aboveFiveYi", "f.total_investment >= 50000", null),
    INDUSTRIAL_ABOVE_FIVE_YI("industrialAboveFiveYi", "f.total_investment >= 50000 AND f.category = 'INDUSTRIAL'", null),
    /** 计划开工: entries whose year's target is to start. */
    PLANNED_STARTS("plannedStarts", "f.target = 'START'", null),
    /** Planned to start by the period's month (a planned start without a month is in no month's count). */
    PLANNED_STARTS_DUE("plannedStartsDue", "f.target = 'START' AND f.planned_start_month <= f.period_month", null),
    PLANNED_STARTED("plannedStarted", "f.target = 'START' AND f.started_this_year", null),
    /** 提前开工: started before the first day of the planned month. */
    STARTED_AHEAD("startedAhead",
            "f.target = 'START' AND f.started_this_year AND f.started_on < make_date(f.period_year, f.planned_start_month, 1)", null),
    /** 未按计划开工: the planned month has come and the project has not started. */
    NOT_STARTED_AS_PLANNED("notStartedAsPlanned",
            "f.target = 'START' AND f.planned_start_month <= f.period_month AND NOT f.started_this_year", null),
    /** 滞后于序时进度: completed ÷ planned below month ÷ 12, compared exactly as ytd × 12 < planned × month. */
    BEHIND_TIME_PROGRESS("behindTimeProgress", "f.planned_investment > 0 AND f.ytd_amount * 12 < f.planned_investment * f.period_month", null),
    TOTAL_INVESTMENT("totalInvestment", "TRUE", "sum(f.total_investment)"),
    PLANNED_INVESTMENT("plannedInvestment", "TRUE", "sum(f.planned_investment)"),
    /** 1-N月累计完成投资 */
    COMPLETED("completed", "TRUE", "sum(f.ytd_amount)"),
    /** 本期完成投资 */
    PERIOD_COMPLETED("periodCompleted", "TRUE", "sum(f.period_amount)");

    private final String key;
    private final String predicate;
    private final String sum;

    Measure(String key, String predicate, String sum) {
        this.key = key;
        this.predicate = predicate;
        this.sum = sum;
    }

    /** The name in the API and in links to the projects behind a figure. */
    String key() {
        return key;
    }

    /** The rows (alias {@code f}) this figure is about: its list of projects. */
    String predicate() {
        return predicate;
    }

    boolean isAmount() {
        return this == TOTAL_INVESTMENT || this == PLANNED_INVESTMENT || this == COMPLETED || this == PERIOD_COMPLETED;
    }

    String aggregate() {
        if (sum != null) {
            return "coalesce(" + sum + ", 0)";
        }
        return "count(*) FILTER (WHERE " + predicate + ")";
    }

    static Measure byKey(String key) {
        for (Measure m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        return null;
    }
}

package org.keyproject.indicator;

/**
 * The cuts of the indicators (分类统计): each an SQL expression on the month's facts {@code f} and the
 * fact's region {@code r}; the empty key of REGION is the region itself (本级), of INDUSTRY and LEADER
 * "none". {@code :topPath} is the path of the region asked about.
 */
enum Dimension {
    ALL("''"),
    CATEGORY("f.category"),
    NATURE("f.nature"),
    INDUSTRY("coalesce(f.industry_id::text, '')"),
    /** The size tier, as project.tier computes it from the total investment. */
    TIER("CASE WHEN f.total_investment >= 50000 THEN 'CITY' WHEN f.total_investment >= 10000 THEN 'COUNTY' ELSE 'DEPT' END"),
    STAGE("f.stage"),
    /** The child region of the one asked about that holds the project. */
    REGION("split_part(substr(r.path, length(:topPath) + 1), '/', 1)"),
    LEADER("coalesce(f.leader_id::text, '')"),
    /** Where the facts come from: SNAPSHOT (a closed period) or LIVE (the reports as they stand). */
    SOURCE("f.source");

    private final String expression;

    Dimension(String expression) {
        this.expression = expression;
    }

    String expression() {
        return expression;
    }
}

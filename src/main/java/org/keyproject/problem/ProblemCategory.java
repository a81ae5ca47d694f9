package org.keyproject.problem;

/** What blocks the project; each has a default deadline in working days (problem_category_deadline). */
public enum ProblemCategory {
    /** 用地 */
    LAND,
    /** 规划 */
    PLANNING,
    /** 环评 */
    ENVIRONMENT,
    /** 资金 */
    FUNDING,
    /** 施工 */
    CONSTRUCTION,
    /** 拆迁 */
    DEMOLITION,
    /** 水电气暖 */
    UTILITIES,
    /** 审批 */
    APPROVAL,
    OTHER;

    public String messageKey() {
        return "problem.category." + name();
    }
}

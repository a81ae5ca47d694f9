package org.keyproject.project;

import java.math.BigDecimal;

/**
 * Size tier, derived from total investment (the database computes the same in project.tier):
 * ≥5亿 led by the city government, 1–5亿 by the county government, below that by county departments.
 */
public enum Tier {
    CITY, COUNTY, DEPT;

    static final BigDecimal FIVE_YI = BigDecimal.valueOf(50_000);
    static final BigDecimal ONE_YI = BigDecimal.valueOf(10_000);

    public static Tier of(BigDecimal totalInvestmentWan) {
        if (totalInvestmentWan.compareTo(FIVE_YI) >= 0) {
            return CITY;
        }
        return totalInvestmentWan.compareTo(ONE_YI) >= 0 ? COUNTY : DEPT;
    }

    public String messageKey() {
        return "tier." + name();
    }
}

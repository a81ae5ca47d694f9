package org.keyproject.project;

import java.math.BigDecimal;
import java.util.List;

/**
 * The project list's filters, shared by the page, the API and the export. Every field is optional.
 * sort: updated (default), name, code, investment, region, stage, plannedStart; dir: asc or desc.
 */
public record ProjectFilter(Long regionId, List<Stage> stage, Nature nature, Category category, Long industryId,
                            Tier tier, Long leaderId, Long commissionerId, Long departmentId, Long ownerId,
                            BigDecimal minInvestment, BigDecimal maxInvestment, Integer listYear, ListLevel listLevel,
                            String q, String sort, String dir) {

    public static ProjectFilter none() {
        return new ProjectFilter(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    public ProjectFilter withText(String text) {
        return new ProjectFilter(regionId, stage, nature, category, industryId, tier, leaderId, commissionerId,
                departmentId, ownerId, minInvestment, maxInvestment, listYear, listLevel, text, sort, dir);
    }

    public ProjectFilter withRegion(Long region) {
        return new ProjectFilter(region, stage, nature, category, industryId, tier, leaderId, commissionerId,
                departmentId, ownerId, minInvestment, maxInvestment, listYear, listLevel, q, sort, dir);
    }
}

package org.keyproject.project;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Set;

/**
 * One row of a batch of project changes (a ledger's row), typed, with names still to be resolved.
 * The category may come from a category column (which wins), from a hint (a section row or a 行业
 * value naming a category), or from the title of the source; present names the optional fields the
 * source carries (ProjectForm property names), so that a blank cell of a carried column clears the
 * value while a column the source lacks leaves it alone.
 */
public record BatchRow(int rowNo, boolean bad, String code, String name, String ownerName, String regionName,
                       String address, String contentScale, String taskForce, Nature nature,
                       Category category, boolean manufacturing, Category hintCategory, boolean hintManufacturing,
                       Category titleCategory, boolean titleManufacturing, String industryName,
                       BigDecimal totalInvestment, BigDecimal plannedInvestment, LocalDate plannedStartDate,
                       LocalDate plannedCompletionDate, LocalDate actualStartDate, LocalDate actualCompletionDate,
                       String leaderName, String commissionerName, String departmentName, YearTarget target,
                       Integer plannedStartMonth, Set<String> present) {
}

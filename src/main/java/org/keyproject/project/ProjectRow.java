package org.keyproject.project;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.keyproject.common.Money;

/** A project as the list shows it. */
public record ProjectRow(long id, String code, String name, long ownerId, String ownerName, long regionId,
                         String regionName, Stage stage, Nature nature, Category category, Tier tier,
                         BigDecimal totalInvestment, Long leaderId, String leaderName, Long commissionerId,
                         String commissionerName, LocalDate plannedStartDate, LocalDate actualStartDate) {

    public Money investment() {
        return Money.wan(totalInvestment);
    }
}

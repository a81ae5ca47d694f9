package org.keyproject.project;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.keyproject.common.Money;

/** 集中开工: a dated batch of projects starting together, with their count and total investment. */
public record StartBatch(long id, String name, LocalDate heldOn, long regionId, String regionName, long projects,
                         BigDecimal totalInvestment) {

    public Money investment() {
        return Money.wan(totalInvestment);
    }
}

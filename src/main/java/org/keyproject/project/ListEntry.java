package org.keyproject.project;

import java.math.BigDecimal;
import org.keyproject.common.Money;

/** A project's place on one annual list. */
public record ListEntry(long id, long listId, String listName, int year, ListLevel level, int batch, long projectId,
                        BigDecimal plannedInvestment, YearTarget target, Integer plannedStartMonth, int version,
                        /** this year's nature as the list gives it; null: derived */ Nature nature) {

    public Money planned() {
        return Money.wan(plannedInvestment);
    }
}

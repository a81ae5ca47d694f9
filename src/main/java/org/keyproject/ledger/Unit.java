package org.keyproject.ledger;

import java.math.BigDecimal;
import org.keyproject.common.Money;

/** The unit of an amount column: 万元 unless the header or the cell says 亿元 (1亿 = 10,000万). */
enum Unit {
    WAN("万元"), YI("亿元");

    private final String label;

    Unit(String label) {
        this.label = label;
    }

    /** The amount in 万元, exact; ArithmeticException when it is finer than one yuan. */
    Money toMoney(BigDecimal amount) {
        return this == YI ? Money.yi(amount) : Money.wan(amount);
    }

    String label() {
        return label;
    }
}

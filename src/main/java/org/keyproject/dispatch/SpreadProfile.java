package org.keyproject.dispatch;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.keyproject.common.Money;

/**
 * How a year's planned investment is spread over its months when only the annual figure is known.
 * Every share is floored to four decimals (one yuan) and December takes what is left, so the twelve
 * months always add up to the annual figure exactly.
 */
enum SpreadProfile {

    /** The same share every month. */
    EVEN(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
    /**
     * A northern city's construction season, in percent: little in January and February (frost, the
     * Spring Festival), rising from the thaw in March, the peak from May to September, winding down
     * in November and December.
     */
    SEASONAL(2, 2, 6, 9, 11, 12, 12, 12, 11, 10, 8, 5),
    /** The user types every month; they must add up to the annual figure. */
    CUSTOM;

    private final int[] weights;

    SpreadProfile(int... weights) {
        this.weights = weights;
    }

    /** The twelve monthly amounts of an annual figure; not for {@link #CUSTOM}, whose months are typed. */
    List<BigDecimal> spread(BigDecimal annual) {
        if (weights.length != 12) {
            throw new IllegalStateException(this + " has no weights: its months are typed");
        }
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        List<BigDecimal> months = new ArrayList<>(12);
        BigDecimal allotted = BigDecimal.ZERO;
        for (int m = 0; m < 11; m++) {
            BigDecimal share = annual.multiply(BigDecimal.valueOf(weights[m]))
                    .divide(BigDecimal.valueOf(total), Money.SCALE, RoundingMode.FLOOR);
            months.add(share);
            allotted = allotted.add(share);
        }
        months.add(annual.subtract(allotted).setScale(Money.SCALE, RoundingMode.UNNECESSARY));
        return months;
    }

    public String messageKey() {
        return "plan.profile." + name();
    }
}

package org.keyproject.common;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.Objects;

/**
 * An amount of money in 万元 (ten thousand yuan), exact to four decimals (one yuan).
 * 1亿元 = 10,000万元. Never floating point: built from text or BigDecimal only.
 */
public record Money(BigDecimal wan) implements Comparable<Money> {

    public static final int SCALE = 4;
    private static final BigDecimal WAN_PER_YI = BigDecimal.valueOf(10_000);
    public static final Money ZERO = new Money(BigDecimal.ZERO);

    public Money {
        Objects.requireNonNull(wan, "wan");
        if (wan.stripTrailingZeros().scale() > SCALE) {
            throw new ArithmeticException("more than " + SCALE + " decimals of 万元: " + wan.toPlainString());
        }
        wan = wan.setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    public static Money wan(String amount) {
        return new Money(new BigDecimal(amount.trim()));
    }

    public static Money wan(BigDecimal amount) {
        return new Money(amount);
    }

    public static Money yi(BigDecimal amountInYi) {
        return new Money(amountInYi.multiply(WAN_PER_YI));
    }

    /** The amount in 亿元, exact. */
    public BigDecimal yi() {
        return wan.divide(WAN_PER_YI, SCALE + 4, RoundingMode.UNNECESSARY).stripTrailingZeros();
    }

    public Money plus(Money other) {
        return new Money(wan.add(other.wan));
    }

    @Override
    public int compareTo(Money o) {
        return wan.compareTo(o.wan);
    }

    /** 万元 with grouping and only the decimals it needs: 23,517 or 1,234.5. */
    public String formatWan() {
        return format(wan, 4);
    }

    /** 亿元, two decimals half up, as bulletins print it. */
    public String formatYi() {
        return format(yi().setScale(2, RoundingMode.HALF_UP), 2);
    }

    private static String format(BigDecimal value, int maxDecimals) {
        DecimalFormat f = new DecimalFormat("#,##0." + "#".repeat(maxDecimals), DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setRoundingMode(RoundingMode.HALF_UP);
        return f.format(value);
    }

    @Override
    public String toString() {
        return wan.stripTrailingZeros().toPlainString() + "万元";
    }
}

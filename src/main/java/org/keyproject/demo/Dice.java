package org.keyproject.demo;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;

/** The seeded source of every choice the generator makes, so that a seed replays a whole city. */
final class Dice {

    private final SplittableRandom random;

    Dice(long seed) {
        this.random = new SplittableRandom(seed);
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** 0 ≤ result < bound. */
    int below(int bound) {
        return random.nextInt(bound);
    }

    /** from ≤ result ≤ to. */
    int between(int from, int to) {
        return from + random.nextInt(to - from + 1);
    }

    double uniform(double from, double to) {
        return from + random.nextDouble() * (to - from);
    }

    /** Uniform on a log scale: as many amounts between 1,000 and 2,000 as between 5,000 and 10,000. */
    double logUniform(double from, double to) {
        return Math.exp(uniform(Math.log(from), Math.log(to)));
    }

    /** A day in [from, to]; {@code to} when the range is empty. */
    LocalDate day(LocalDate from, LocalDate to) {
        long days = ChronoUnit.DAYS.between(from, to);
        return days <= 0 ? to : from.plusDays(random.nextLong(days + 1));
    }

    <T> T pick(T[] items) {
        return items[random.nextInt(items.length)];
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** An index drawn with the given weights. */
    int weighted(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** Fisher–Yates, in place. */
    <T> void shuffle(List<T> items) {
        for (int i = items.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = items.get(i);
            items.set(i, items.get(j));
            items.set(j, t);
        }
    }
}

package org.keyproject.calendar;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The calendar between two days, as loaded in one query: the exceptions in it and which of its years
 * are published. Answers about any day in it, in memory.
 */
final class CalendarSpan {

    private final LocalDate first;
    private final LocalDate last;
    private final Map<LocalDate, CalendarDay> exceptions;
    private final Set<Integer> published;

    CalendarSpan(LocalDate first, LocalDate last, Map<LocalDate, CalendarDay> exceptions, Set<Integer> published) {
        this.first = first;
        this.last = last;
        this.exceptions = Map.copyOf(exceptions);
        this.published = Set.copyOf(published);
    }

    CalendarDay day(LocalDate date) {
        if (date.isBefore(first) || date.isAfter(last)) {
            throw new IllegalArgumentException(date + " lies outside " + first + ".." + last);
        }
        CalendarDay exception = exceptions.get(date);
        return exception != null ? exception : CalendarDay.plain(date, published.contains(date.getYear()));
    }

    /** Whether the notices of every year from a to b (a ≤ b) are loaded. */
    boolean published(LocalDate a, LocalDate b) {
        for (int year = a.getYear(); year <= b.getYear(); year++) {
            if (!published.contains(year)) {
                return false;
            }
        }
        return true;
    }

    /** The n-th working day (n ≥ 1) counting from start itself, if the span reaches it. */
    Optional<LocalDate> nthWorkingDay(LocalDate start, int n) {
        int seen = 0;
        for (LocalDate d = start; !d.isAfter(last); d = d.plusDays(1)) {
            if (day(d).workingDay() && ++seen == n) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** Working days from a to b, both included. */
    int workingDays(LocalDate a, LocalDate b) {
        int count = 0;
        for (LocalDate d = a; !d.isAfter(b); d = d.plusDays(1)) {
            if (day(d).workingDay()) {
                count++;
            }
        }
        return count;
    }
}

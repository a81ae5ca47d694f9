package org.keyproject.calendar;

import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;

/**
 * The State Council's notices for 2024 to 2026 written out again, independently of the migration,
 * so that the tests check the shipped data against the published text.
 */
final class Notices {

    static final LocalDate FIRST = LocalDate.of(2024, 1, 1);
    static final LocalDate LAST = LocalDate.of(2026, 12, 31);

    /** 调休上班: the Saturdays and Sundays worked. */
    static final Set<LocalDate> ADJUSTED_WORKDAYS = dates(
            "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12",
            "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
            "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10");

    /** 放假: every day off of each break, weekend days inside it included. */
    static final Set<LocalDate> HOLIDAYS = ranges(
            "2024-01-01", "2024-01-01", "2024-02-10", "2024-02-17", "2024-04-04", "2024-04-06", "2024-05-01", "2024-05-05",
            "2024-06-10", "2024-06-10", "2024-09-15", "2024-09-17", "2024-10-01", "2024-10-07",
            "2025-01-01", "2025-01-01", "2025-01-28", "2025-02-04", "2025-04-04", "2025-04-06", "2025-05-01", "2025-05-05",
            "2025-05-31", "2025-06-02", "2025-10-01", "2025-10-08",
            "2026-01-01", "2026-01-03", "2026-02-15", "2026-02-23", "2026-04-04", "2026-04-06", "2026-05-01", "2026-05-05",
            "2026-06-19", "2026-06-21", "2026-09-25", "2026-09-27", "2026-10-01", "2026-10-07");

    private Notices() {
    }

    static boolean working(LocalDate d) {
        return ADJUSTED_WORKDAYS.contains(d) || !HOLIDAYS.contains(d) && !CalendarDay.weekend(d);
    }

    private static Set<LocalDate> dates(String... days) {
        Set<LocalDate> set = new TreeSet<>();
        for (String d : days) {
            set.add(LocalDate.parse(d));
        }
        return set;
    }

    private static Set<LocalDate> ranges(String... firstLast) {
        Set<LocalDate> set = new TreeSet<>();
        for (int i = 0; i < firstLast.length; i += 2) {
            for (LocalDate d = LocalDate.parse(firstLast[i]); !d.isAfter(LocalDate.parse(firstLast[i + 1])); d = d.plusDays(1)) {
                set.add(d);
            }
        }
        return set;
    }
}

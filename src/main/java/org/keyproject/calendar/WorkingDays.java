package org.keyproject.calendar;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.keyproject.common.InvalidInputException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Working days (工作日) for every due date and deadline: one query per call, no cache, so a day an
 * administrator corrects on one node is seen at once by every other (a call reads a few dozen rows
 * of a primary-key range). The SQL functions of the migration follow the same rules for set-based
 * queries.
 */
@Service
public class WorkingDays {

    /** A hundred years: further than any deadline, and still far from the end of LocalDate. */
    static final int MAX_DAYS = 36_500;

    private final JdbcClient jdbc;

    WorkingDays(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean isWorkingDay(LocalDate date) {
        return day(date).workingDay();
    }

    public CalendarDay day(LocalDate date) {
        return span(date, date).day(date);
    }

    /**
     * The workingDays-th working day after from (from itself not counted): add(Friday, 1) is the next
     * Monday unless that is a holiday. add(from, 0) is from itself when it is a working day, else the
     * next working day, which is what "due on a working day" means.
     */
    public LocalDate add(LocalDate from, int workingDays) {
        return added(from, workingDays).date();
    }

    /**
     * Working days in (from, to]: from not counted, to counted, so between(d, add(d, n)) = n for n ≥ 1.
     * Negative when to is before from: between(a, b) = -between(b, a).
     */
    public int between(LocalDate from, LocalDate to) {
        return counted(from, to).workingDays();
    }

    Reckonings.Added added(LocalDate from, int workingDays) {
        Objects.requireNonNull(from, "from");
        if (workingDays < 0 || workingDays > MAX_DAYS) {
            throw new InvalidInputException("days", "error.calendar.days", MAX_DAYS);
        }
        LocalDate start = workingDays == 0 ? from : from.plusDays(1);
        int nth = Math.max(workingDays, 1);
        // a year has about 250 working days in 365: 2n + 30 days almost always hold n of them
        long window = workingDays * 2L + 30;
        while (true) {
            CalendarSpan span = span(from, start.plusDays(window));
            Optional<LocalDate> found = span.nthWorkingDay(start, nth);
            if (found.isPresent()) {
                return new Reckonings.Added(found.get(), from, workingDays, span.published(from, found.get()));
            }
            window *= 2;
        }
    }

    Reckonings.Counted counted(LocalDate from, LocalDate to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        LocalDate a = from.isBefore(to) ? from : to;
        LocalDate b = from.isBefore(to) ? to : from;
        CalendarSpan span = span(a, b);
        int days = a.equals(b) ? 0 : span.workingDays(a.plusDays(1), b);
        return new Reckonings.Counted(from, to, to.isBefore(from) ? -days : days, span.published(a, b));
    }

    /** Every day from first to last, in order. */
    List<CalendarDay> days(LocalDate first, LocalDate last) {
        CalendarSpan span = span(first, last);
        List<CalendarDay> days = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            days.add(span.day(d));
        }
        return days;
    }

    /** A year's notice and its exceptions; an unknown year is unpublished with no exceptions. */
    CalendarYear year(int year) {
        LocalDate first = LocalDate.of(year, 1, 1);
        List<CalendarDay> exceptions = days(first, first.withDayOfYear(first.lengthOfYear())).stream()
                .filter(d -> d.kind().exception()).toList();
        return jdbc.sql("SELECT source, published_on FROM calendar_year WHERE year = ?").param(year)
                .query((rs, i) -> new CalendarYear(year, true, rs.getString("source"),
                        rs.getObject("published_on", LocalDate.class), exceptions))
                .optional().orElse(new CalendarYear(year, false, null, null, exceptions));
    }

    /** The years whose notices are loaded, in order. */
    List<Integer> publishedYears() {
        return jdbc.sql("SELECT year FROM calendar_year ORDER BY year").query(Integer.class).list();
    }

    private CalendarSpan span(LocalDate first, LocalDate last) {
        Map<LocalDate, CalendarDay> exceptions = new HashMap<>();
        Set<Integer> published = new HashSet<>();
        jdbc.sql("""
                SELECT y.year, c.day, c.kind, c.name
                FROM calendar_year y
                LEFT JOIN calendar_day c ON c.year = y.year AND c.day BETWEEN :first AND :last
                WHERE y.year BETWEEN :firstYear AND :lastYear
                """)
                .param("first", first).param("last", last)
                .param("firstYear", first.getYear()).param("lastYear", last.getYear())
                .query(rs -> {
                    published.add(rs.getInt("year"));
                    LocalDate day = rs.getObject("day", LocalDate.class);
                    if (day != null) {
                        DayKind kind = DayKind.valueOf(rs.getString("kind"));
                        exceptions.put(day, new CalendarDay(day, kind.working(), kind, rs.getString("name"), true));
                    }
                });
        return new CalendarSpan(first, last, exceptions, published);
    }
}

package org.keyproject.calendar;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.keyproject.audit.AuditTrail;
import org.keyproject.common.FieldProblem;
import org.keyproject.common.ForbiddenException;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.NotFoundException;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An administrator's changes to the calendar: a year's notice added whole, a day set or put back to
 * the weekday rule. Each change is audited in its own transaction (entity calendar_day, id = the
 * day's epoch day; calendar_year, id = the year).
 */
@Service
class CalendarAdmin {

    static final String AUDIT_DAY = "calendar_day";
    static final String AUDIT_YEAR = "calendar_year";
    static final int MAX_NAME = 40;
    private static final String SNAPSHOT = "SELECT (to_jsonb(c) - 'year')::text FROM calendar_day c WHERE day = ?";

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final WorkingDays workingDays;

    CalendarAdmin(JdbcClient jdbc, AuditTrail audit, WorkingDays workingDays) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.workingDays = workingDays;
    }

    /** Sets or corrects one day of a published year. */
    @Transactional
    CalendarDay set(LocalDate date, DayEntry entry, CurrentUser by) {
        requireAdmin(by);
        List<FieldProblem> problems = new ArrayList<>();
        DayEntry checked = check("", new DayEntry(date, entry.working(), entry.kind(), entry.name()), problems);
        if (problems.isEmpty() && !published(date.getYear())) {
            problems.add(new FieldProblem("date", "error.calendar.notPublished", date.getYear()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String before = snapshot(date).orElse(null);
        jdbc.sql("""
                INSERT INTO calendar_day (day, working, kind, name) VALUES (?, ?, ?, ?)
                ON CONFLICT (day) DO UPDATE SET working = excluded.working, kind = excluded.kind, name = excluded.name,
                    updated_at = now()
                """)
                .params(date, checked.working(), checked.kind().name(), checked.name()).update();
        audit.record(AUDIT_DAY, date.toEpochDay(), before == null ? "CREATE" : "UPDATE", before,
                snapshot(date).orElseThrow(), by.id(), by.displayName());
        return workingDays.day(date);
    }

    /** Puts a day back to the plain weekday/weekend rule. */
    @Transactional
    CalendarDay clear(LocalDate date, CurrentUser by) {
        requireAdmin(by);
        String before = snapshot(date).orElseThrow(() -> new NotFoundException("calendar.exception", date));
        jdbc.sql("DELETE FROM calendar_day WHERE day = ?").param(date).update();
        audit.record(AUDIT_DAY, date.toEpochDay(), "DELETE", before, "{}", by.id(), by.displayName());
        return workingDays.day(date);
    }

    /** Adds a year's notice with all its days, or nothing when any entry is wrong (each one named). */
    @Transactional
    CalendarYear addYear(NewYear input, CurrentUser by) {
        requireAdmin(by);
        List<FieldProblem> problems = new ArrayList<>();
        Integer year = input.year();
        if (year == null) {
            problems.add(new FieldProblem("year", "error.required"));
        } else if (year < 2000 || year > 2200) {
            problems.add(new FieldProblem("year", "error.calendar.year"));
        } else if (published(year)) {
            problems.add(new FieldProblem("year", "error.calendar.yearExists", year));
        }
        if (input.source() == null || input.source().isBlank()) {
            problems.add(new FieldProblem("source", "error.required"));
        }
        List<DayEntry> days = input.days() == null ? List.of() : input.days();
        List<DayEntry> checked = new ArrayList<>();
        Set<LocalDate> seen = new HashSet<>();
        for (int i = 0; i < days.size(); i++) {
            String prefix = "days[" + i + "].";
            DayEntry entry = days.get(i) == null ? new DayEntry(null, null, null, null) : days.get(i);
            int before = problems.size();
            DayEntry ok = check(prefix, entry, problems);
            if (entry.date() != null && year != null && entry.date().getYear() != year) {
                problems.add(new FieldProblem(prefix + "date", "error.calendar.otherYear", entry.date().toString(), year));
            }
            if (entry.date() != null && !seen.add(entry.date())) {
                problems.add(new FieldProblem(prefix + "date", "error.calendar.duplicate", entry.date().toString()));
            }
            if (problems.size() == before) {
                checked.add(ok);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        int inserted = jdbc.sql("INSERT INTO calendar_year (year, source, published_on) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .params(year, input.source().trim(), input.publishedOn()).update();
        if (inserted == 0) {
            // another administrator added it between the check and now
            throw new InvalidInputException("year", "error.calendar.yearExists", year);
        }
        jdbc.sql("""
                INSERT INTO calendar_day (day, working, kind, name)
                SELECT CAST(d AS date), w, k, n
                FROM unnest(CAST(:days AS text[]), CAST(:working AS boolean[]), CAST(:kinds AS text[]), CAST(:names AS text[])) x (d, w, k, n)
                """)
                .param("days", checked.stream().map(e -> e.date().toString()).toArray(String[]::new))
                .param("working", checked.stream().map(DayEntry::working).toArray(Boolean[]::new))
                .param("kinds", checked.stream().map(e -> e.kind().name()).toArray(String[]::new))
                .param("names", checked.stream().map(DayEntry::name).toArray(String[]::new))
                .update();
        audit.grouped(UUID.randomUUID(), () -> {
            audit.record(AUDIT_YEAR, year, "CREATE", null,
                    jdbc.sql("SELECT to_jsonb(y)::text FROM calendar_year y WHERE year = ?").param(year).query(String.class).single(),
                    by.id(), by.displayName());
            return audit.recordAll(AUDIT_DAY, "CREATE", """
                    SELECT c.day - DATE '1970-01-01' AS entity_id, CAST(NULL AS jsonb) AS before_state,
                           to_jsonb(c) - 'year' AS after_state
                    FROM calendar_day c WHERE c.year = :year
                    """, Map.of("year", year), by.id(), by.displayName());
        });
        return workingDays.year(year);
    }

    /**
     * Checks one entry, adding a problem for each thing wrong (fields named prefix + field), and
     * answers it completed: working and kind both set, the name trimmed.
     */
    private static DayEntry check(String prefix, DayEntry entry, List<FieldProblem> problems) {
        int before = problems.size();
        if (entry.date() == null) {
            problems.add(new FieldProblem(prefix + "date", "error.required"));
        }
        DayKind kind = entry.kind();
        if (kind != null && !kind.exception()) {
            problems.add(new FieldProblem(prefix + "kind", "error.calendar.kind"));
        } else if (kind == null && entry.working() == null) {
            problems.add(new FieldProblem(prefix + "working", "error.required"));
        } else if (kind != null && entry.working() != null && kind.working() != entry.working()) {
            problems.add(new FieldProblem(prefix + "kind", "error.calendar.kindMismatch"));
        }
        if (kind == null && entry.working() != null) {
            kind = entry.working() ? DayKind.ADJUSTED_WORKDAY : DayKind.HOLIDAY;
        }
        if (kind == DayKind.ADJUSTED_WORKDAY && entry.date() != null && !CalendarDay.weekend(entry.date())) {
            problems.add(new FieldProblem(prefix + "date", "error.calendar.adjustedWeekday", entry.date().toString()));
        }
        String name = entry.name() == null ? "" : entry.name().strip();
        if (name.isEmpty()) {
            problems.add(new FieldProblem(prefix + "name", "error.required"));
        } else if (name.length() > MAX_NAME) {
            problems.add(new FieldProblem(prefix + "name", "error.calendar.nameTooLong", MAX_NAME));
        }
        return problems.size() > before ? null : new DayEntry(entry.date(), kind.working(), kind, name);
    }

    private boolean published(int year) {
        return jdbc.sql("SELECT count(*) FROM calendar_year WHERE year = ?").param(year).query(Long.class).single() > 0;
    }

    private Optional<String> snapshot(LocalDate date) {
        return jdbc.sql(SNAPSHOT).param(date).query(String.class).optional();
    }

    private static void requireAdmin(CurrentUser by) {
        if (!by.is(Role.ADMIN)) {
            throw new ForbiddenException("error.forbidden");
        }
    }
}

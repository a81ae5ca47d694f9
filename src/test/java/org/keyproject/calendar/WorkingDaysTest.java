package org.keyproject.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.common.InvalidInputException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class WorkingDaysTest {

    @Autowired WorkingDays workingDays;
    @Autowired JdbcClient jdbc;

    @Test
    void everyAdjustedWorkingWeekendOf2024To2026IsAWorkingDay() {
        for (LocalDate d : Notices.ADJUSTED_WORKDAYS) {
            CalendarDay day = workingDays.day(d);
            assertThat(CalendarDay.weekend(d)).as("%s is a weekend day", d).isTrue();
            assertThat(day.workingDay()).as("%s", d).isTrue();
            assertThat(day.kind()).as("%s", d).isEqualTo(DayKind.ADJUSTED_WORKDAY);
            assertThat(day.name()).as("%s", d).endsWith("调休上班");
        }
    }

    @Test
    void everyListedHolidayIsOff() {
        for (LocalDate d : Notices.HOLIDAYS) {
            assertThat(workingDays.isWorkingDay(d)).as("%s", d).isFalse();
            assertThat(workingDays.day(d).kind()).as("%s", d).isEqualTo(DayKind.HOLIDAY);
        }
        assertThat(workingDays.day(LocalDate.of(2026, 2, 17)).name()).isEqualTo("春节");
        assertThat(workingDays.day(LocalDate.of(2025, 10, 6)).name()).isEqualTo("国庆节、中秋节");
    }

    @Test
    void everyOtherDayOf2024To2026FollowsTheWeekdayRule() {
        List<String> wrong = new ArrayList<>();
        for (CalendarDay day : workingDays.days(Notices.FIRST, Notices.LAST)) {
            if (day.workingDay() != Notices.working(day.date()) || !day.published()) {
                wrong.add(day.toString());
            }
            if (!Notices.HOLIDAYS.contains(day.date()) && !Notices.ADJUSTED_WORKDAYS.contains(day.date())) {
                DayKind plain = CalendarDay.weekend(day.date()) ? DayKind.WEEKEND : DayKind.WORKDAY;
                if (day.kind() != plain || day.name() != null) {
                    wrong.add(day.toString());
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(workingDays.day(LocalDate.of(2026, 3, 7))).isEqualTo(
                new CalendarDay(LocalDate.of(2026, 3, 7), false, DayKind.WEEKEND, null, true));
    }

    @Test
    void deadlinesCrossTheSpringFestivalAndNationalDay() {
        assertThat(workingDays.add(LocalDate.of(2026, 2, 13), 3)).isEqualTo(LocalDate.of(2026, 2, 25));
        assertThat(workingDays.add(LocalDate.of(2025, 9, 30), 1)).isEqualTo(LocalDate.of(2025, 10, 9));
        assertThat(workingDays.add(LocalDate.of(2024, 9, 27), 1)).isEqualTo(LocalDate.of(2024, 9, 29));
        // Friday 2025-01-24: Sunday 01-26 and Monday 01-27 worked, 01-28..02-04 off, then 02-05, 02-06, 02-07
        assertThat(workingDays.add(LocalDate.of(2025, 1, 24), 5)).isEqualTo(LocalDate.of(2025, 2, 7));
        assertThat(workingDays.between(LocalDate.of(2026, 2, 13), LocalDate.of(2026, 2, 25))).isEqualTo(3);
        assertThat(workingDays.between(LocalDate.of(2025, 9, 30), LocalDate.of(2025, 10, 9))).isEqualTo(1);
    }

    @Test
    void addingNothingGivesTheDayItselfOrTheNextWorkingDay() {
        assertThat(workingDays.add(LocalDate.of(2026, 2, 13), 0)).isEqualTo(LocalDate.of(2026, 2, 13));
        assertThat(workingDays.add(LocalDate.of(2026, 2, 15), 0)).isEqualTo(LocalDate.of(2026, 2, 24));
        assertThat(workingDays.add(LocalDate.of(2026, 3, 7), 0)).isEqualTo(LocalDate.of(2026, 3, 9));
    }

    @Test
    void betweenCountsAcrossAYearBoundaryAndIsNegativeBackwards() {
        // 2026-01-01..03 off, Sunday 01-04 worked, Monday 01-05
        assertThat(workingDays.between(LocalDate.of(2025, 12, 31), LocalDate.of(2026, 1, 5))).isEqualTo(2);
        assertThat(workingDays.between(LocalDate.of(2026, 1, 5), LocalDate.of(2025, 12, 31))).isEqualTo(-2);
        // Friday 2024-12-27 to 2025-01-02: 12-30, 12-31 and 01-02 (01-01 off)
        assertThat(workingDays.between(LocalDate.of(2024, 12, 27), LocalDate.of(2025, 1, 2))).isEqualTo(3);
        assertThat(workingDays.add(LocalDate.of(2025, 12, 31), 2)).isEqualTo(LocalDate.of(2026, 1, 5));
        assertThat(workingDays.between(LocalDate.of(2026, 1, 5), LocalDate.of(2026, 1, 5))).isZero();
        long expected = Notices.FIRST.datesUntil(Notices.LAST.plusDays(1)).filter(Notices::working).count();
        assertThat(workingDays.between(Notices.FIRST.minusDays(1), Notices.LAST)).isEqualTo(expected);
    }

    @Test
    void aYearWithoutANoticeFallsBackToWeekendsAndSaysSo() {
        CalendarDay newYearsDay = workingDays.day(LocalDate.of(2033, 1, 1));
        assertThat(newYearsDay).isEqualTo(new CalendarDay(LocalDate.of(2033, 1, 1), false, DayKind.WEEKEND, null, false));
        assertThat(workingDays.day(LocalDate.of(2033, 1, 3)).workingDay()).isTrue();
        Reckonings.Added intoNextYear = workingDays.added(LocalDate.of(2032, 12, 31), 1);
        assertThat(intoNextYear.date()).isEqualTo(LocalDate.of(2033, 1, 3));
        assertThat(intoNextYear.published()).isFalse();
        assertThat(workingDays.added(LocalDate.of(2026, 2, 13), 3).published()).isTrue();
        assertThat(workingDays.counted(LocalDate.of(2026, 12, 1), LocalDate.of(2033, 1, 1)).published()).isFalse();
        assertThat(workingDays.year(2033).published()).isFalse();
    }

    @Test
    void aNegativeNumberOfWorkingDaysIsRefused() {
        assertThatThrownBy(() -> workingDays.add(LocalDate.of(2026, 1, 5), -1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("days");
    }

    @Test
    void theSqlFunctionsAgreeWithTheServiceOnEveryDayOf2024To2026() {
        int[] ns = {0, 1, 2, 3, 5, 10, 30};
        List<String> disagreements = new ArrayList<>();
        jdbc.sql("""
                SELECT CAST(g.d AS date) AS day, n, is_working_day(CAST(g.d AS date)) AS working,
                       working_day_add(CAST(g.d AS date), n) AS added,
                       working_days_between(CAST(g.d AS date), CAST(g.d AS date) + (n * 3 - 20)) AS counted
                FROM generate_series(DATE '2024-01-01', DATE '2026-12-31', INTERVAL '1 day') g (d)
                CROSS JOIN unnest(CAST(:ns AS int[])) n
                """)
                .param("ns", ns)
                .query(rs -> {
                    LocalDate day = rs.getObject("day", LocalDate.class);
                    int n = rs.getInt("n");
                    if (rs.getBoolean("working") != Notices.working(day)) {
                        disagreements.add("is_working_day " + day);
                    }
                    if (!rs.getObject("added", LocalDate.class).equals(workingDays.add(day, n))) {
                        disagreements.add("working_day_add " + day + " " + n);
                    }
                    if (rs.getInt("counted") != workingDays.between(day, day.plusDays(n * 3L - 20))) {
                        disagreements.add("working_days_between " + day + " " + n);
                    }
                });
        assertThat(disagreements).isEmpty();
        assertThat(jdbc.sql("SELECT working_day_add(DATE '2026-02-13', 3)").query(LocalDate.class).single())
                .isEqualTo(LocalDate.of(2026, 2, 25));
    }

    @Test
    void betweenUndoesAddForEveryDayOf2024To2026() {
        List<String> wrong = new ArrayList<>();
        for (LocalDate d = Notices.FIRST; !d.isAfter(Notices.LAST); d = d.plusDays(1)) {
            for (int n : new int[] {1, 3, 5}) {
                if (workingDays.between(d, workingDays.add(d, n)) != n) {
                    wrong.add(d + " +" + n);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }
}

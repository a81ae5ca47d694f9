package org.keyproject.calendar;

import java.net.URI;
import java.time.LocalDate;
import org.keyproject.people.CurrentUser;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The calendar for clients: any signed-in user reads it; changes are for administrators, refused by
 * the API's security chain with 403 before the body is read.
 */
@RestController
@RequestMapping("/api/v1/calendar")
class CalendarApiController {

    private final WorkingDays workingDays;
    private final CalendarAdmin admin;

    CalendarApiController(WorkingDays workingDays, CalendarAdmin admin) {
        this.workingDays = workingDays;
        this.admin = admin;
    }

    @GetMapping("/{date:\\d{4}-\\d{2}-\\d{2}}")
    CalendarDay day(@PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        return workingDays.day(date);
    }

    /** The days-th working day after date (days = 0: date itself if it is a working day, else the next). */
    @GetMapping("/add")
    Reckonings.Added add(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                         @RequestParam int days) {
        return workingDays.added(date, days);
    }

    /** Working days in (from, to], negative when to is before from. */
    @GetMapping("/between")
    Reckonings.Counted between(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                               @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return workingDays.counted(from, to);
    }

    /** A year's exceptions and whether its notice is loaded. */
    @GetMapping("/years/{year}")
    CalendarYear year(@PathVariable int year) {
        return workingDays.year(year);
    }

    @PostMapping("/years")
    ResponseEntity<CalendarYear> addYear(@RequestBody NewYear input, @AuthenticationPrincipal CurrentUser me) {
        CalendarYear year = admin.addYear(input, me);
        return ResponseEntity.created(URI.create("/api/v1/calendar/years/" + year.year())).body(year);
    }

    @PutMapping("/days/{date}")
    CalendarDay set(@PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                    @RequestBody DayEntry entry, @AuthenticationPrincipal CurrentUser me) {
        return admin.set(date, entry, me);
    }

    /** Puts the day back to the weekday rule. */
    @DeleteMapping("/days/{date}")
    CalendarDay clear(@PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                      @AuthenticationPrincipal CurrentUser me) {
        return admin.clear(date, me);
    }
}

package org.keyproject.calendar;

import jakarta.servlet.http.HttpServletResponse;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keyproject.common.FieldProblem;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.NotFoundException;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.Role;
import org.keyproject.web.Texts;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The calendar page: a year as twelve month grids with holidays and adjusted workdays marked; for
 * administrators, forms to set or correct a day and to add a year's notice as lines of text.
 */
@Controller
class CalendarPageController {

    /** One line of a year's notice: a day or a range (2027-02-10~2027-02-17), 休/班, a name. */
    private static final Pattern LINE = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})(?:\\s*(?:~|～|\\.\\.)\\s*(\\d{4}-\\d{2}-\\d{2}))?\\s*[,，\\s]\\s*(\\S+?)\\s*[,，\\s]\\s*(.+)");
    private static final Pattern ENTRY_FIELD = Pattern.compile("days\\[(\\d+)]\\.\\w+");
    private static final String PLAIN = "PLAIN";

    private final WorkingDays workingDays;
    private final CalendarAdmin admin;
    private final Texts texts;

    CalendarPageController(WorkingDays workingDays, CalendarAdmin admin, Texts texts) {
        this.workingDays = workingDays;
        this.admin = admin;
        this.texts = texts;
    }

    @GetMapping("/calendar")
    String show(@RequestParam(required = false) Integer year, @AuthenticationPrincipal CurrentUser me, Model model) {
        return page(year == null ? LocalDate.now().getYear() : year, Map.of(), Map.of(), me, model);
    }

    @PostMapping("/calendar/days")
    String setDay(@RequestParam(defaultValue = "") String date, @RequestParam(defaultValue = "") String kind,
                  @RequestParam(defaultValue = "") String name, @AuthenticationPrincipal CurrentUser me,
                  HttpServletResponse response, Model model) {
        Map<String, String> values = Map.of("date", date, "kind", kind, "name", name);
        Map<String, String> errors = new LinkedHashMap<>();
        LocalDate day = parseDate(date, "dayEntry", "date", errors);
        if (day != null) {
            try {
                if (PLAIN.equals(kind)) {
                    admin.clear(day, me);
                } else {
                    admin.set(day, new DayEntry(null, null, kindOf(kind), name), me);
                }
                return "redirect:/calendar?year=" + day.getYear();
            } catch (InvalidInputException e) {
                // the form asks for the kind only: "working" missing means no kind was chosen
                e.problems().forEach(p -> errors.putIfAbsent("working".equals(p.field()) ? "kind" : p.field(), texts.text(p)));
            } catch (NotFoundException e) {
                errors.put("date", texts.text("calendar.notException", date));
            }
        }
        response.setStatus(400);
        model.addAttribute("dayValues", values);
        model.addAttribute("dayErrors", errors);
        return page(day == null ? LocalDate.now().getYear() : day.getYear(), Map.of(), Map.of(), me, model);
    }

    @PostMapping("/calendar/years")
    String addYear(@RequestParam(defaultValue = "") String year, @RequestParam(defaultValue = "") String source,
                   @RequestParam(defaultValue = "") String publishedOn, @RequestParam(defaultValue = "") String lines,
                   @AuthenticationPrincipal CurrentUser me, HttpServletResponse response, Model model) {
        Map<String, String> values = Map.of("year", year, "source", source, "publishedOn", publishedOn, "lines", lines);
        Map<String, String> errors = new LinkedHashMap<>();
        Integer number = year.strip().matches("\\d{4}") ? Integer.valueOf(year.strip()) : null;
        if (number == null) {
            errors.put("year", texts.text("error.calendar.year"));
        }
        LocalDate published = publishedOn.isBlank() ? null : parseDate(publishedOn, "newYear", "publishedOn", errors);
        List<DayEntry> days = new ArrayList<>();
        List<Integer> lineOfEntry = new ArrayList<>();
        List<String> lineErrors = new ArrayList<>();
        String[] rows = lines.split("\\R");
        for (int i = 0; i < rows.length; i++) {
            if (!rows[i].isBlank()) {
                parseLine(rows[i].strip(), i + 1, days, lineOfEntry, lineErrors);
            }
        }
        if (errors.isEmpty() && lineErrors.isEmpty()) {
            try {
                admin.addYear(new NewYear(number, source, published, days), me);
                return "redirect:/calendar?year=" + number;
            } catch (InvalidInputException e) {
                for (FieldProblem p : e.problems()) {
                    Matcher m = ENTRY_FIELD.matcher(p.field());
                    if (m.matches()) {
                        lineErrors.add(texts.text("calendar.lineError", lineOfEntry.get(Integer.parseInt(m.group(1))), texts.text(p)));
                    } else {
                        errors.putIfAbsent(p.field(), texts.text(p));
                    }
                }
            }
        }
        if (!lineErrors.isEmpty()) {
            errors.put("lines", String.join("\n", lineErrors));
        }
        response.setStatus(400);
        return page(number == null ? LocalDate.now().getYear() : number, values, errors, me, model);
    }

    private String page(int year, Map<String, String> yearValues, Map<String, String> yearErrors, CurrentUser me,
                        Model model) {
        if (year < 2000 || year > 2200) {
            throw new NotFoundException("calendar.year", year);
        }
        CalendarYear notice = workingDays.year(year);
        List<CalendarDay> days = workingDays.days(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
        List<Month> months = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            months.add(Month.of(YearMonth.of(year, m), days));
        }
        TreeSet<Integer> years = new TreeSet<>(workingDays.publishedYears());
        int now = LocalDate.now().getYear();
        years.addAll(List.of(now - 1, now, now + 1, year));
        model.addAttribute("year", notice);
        model.addAttribute("months", months);
        model.addAttribute("years", years);
        model.addAttribute("kinds", DayKind.values());
        model.addAttribute("admin", me.is(Role.ADMIN));
        model.addAttribute("yearValues", yearValues);
        model.addAttribute("yearErrors", yearErrors);
        if (!model.containsAttribute("dayValues")) {
            model.addAttribute("dayValues", Map.of());
            model.addAttribute("dayErrors", Map.of());
        }
        return "calendar/year";
    }

    private void parseLine(String line, int number, List<DayEntry> days, List<Integer> lineOfEntry, List<String> errors) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            errors.add(texts.text("calendar.lineError", number, texts.text("calendar.lineFormat")));
            return;
        }
        Boolean working = switch (m.group(3)) {
            case "休", "HOLIDAY" -> false;
            case "班", "ADJUSTED_WORKDAY" -> true;
            default -> null;
        };
        try {
            LocalDate first = LocalDate.parse(m.group(1));
            LocalDate last = m.group(2) == null ? first : LocalDate.parse(m.group(2));
            if (working == null || last.isBefore(first) || last.toEpochDay() - first.toEpochDay() > 31) {
                errors.add(texts.text("calendar.lineError", number, texts.text("calendar.lineFormat")));
                return;
            }
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                days.add(new DayEntry(d, working, null, m.group(4)));
                lineOfEntry.add(number);
            }
        } catch (DateTimeException e) {
            errors.add(texts.text("calendar.lineError", number, texts.text("error.badValue", texts.fieldLabel("dayEntry", "date"), line)));
        }
    }

    private LocalDate parseDate(String text, String input, String field, Map<String, String> errors) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeException e) {
            errors.put(field, texts.text("error.badValue", texts.fieldLabel(input, field), text));
            return null;
        }
    }

    private static DayKind kindOf(String kind) {
        try {
            return DayKind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A month as weeks of seven cells, Monday first; cells outside the month are null. */
    record Month(int number, List<List<CalendarDay>> weeks) {

        static Month of(YearMonth month, List<CalendarDay> yearDays) {
            List<List<CalendarDay>> weeks = new ArrayList<>();
            List<CalendarDay> week = new ArrayList<>();
            int offset = month.atDay(1).getDayOfWeek().getValue() - 1;
            for (int i = 0; i < offset; i++) {
                week.add(null);
            }
            int firstIndex = month.atDay(1).getDayOfYear() - 1;
            for (int d = 0; d < month.lengthOfMonth(); d++) {
                week.add(yearDays.get(firstIndex + d));
                if (week.size() == 7) {
                    weeks.add(week);
                    week = new ArrayList<>();
                }
            }
            if (!week.isEmpty()) {
                while (week.size() < 7) {
                    week.add(null);
                }
                weeks.add(week);
            }
            return new Month(month.getMonthValue(), weeks);
        }
    }
}

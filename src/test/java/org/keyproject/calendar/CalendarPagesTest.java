package org.keyproject.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.Role;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Tests that change the calendar use years of their own (2041 …). */
@IntegrationTest
class CalendarPagesTest {

    @Autowired MockMvc mvc;
    @Autowired TestFixtures fixtures;
    @Autowired WorkingDays workingDays;

    @Test
    void aYearShowsTwelveMonthsWithHolidaysAndAdjustedWorkdaysMarkedAndNoFormsForAnObserver() throws Exception {
        String html = page(get("/calendar").param("year", "2026"), observer(), 200);

        assertThat(html).contains("2026年工作日历", "国务院办公厅关于2026年部分节假日安排的通知", "法定节假日", "调休上班");
        assertThat(html.split("class=\"table table-sm table-bordered cal-month").length - 1).isEqualTo(12);
        assertThat(html).contains("data-date=\"2026-02-14\" data-kind=\"ADJUSTED_WORKDAY\"",
                "data-date=\"2026-02-17\" data-kind=\"HOLIDAY\"", "data-date=\"2026-03-07\" data-kind=\"WEEKEND\"",
                "data-date=\"2026-03-09\" data-kind=\"WORKDAY\"", "href=\"/calendar\"");
        // February 2026 starts on a Sunday: six empty cells, then its own, in the Monday-first grid
        String february = html.substring(html.indexOf(">2月<"), html.indexOf(">3月<"));
        assertThat(february.substring(0, february.indexOf("data-date=\"2026-02-01\"")).split("<td").length - 1).isEqualTo(7);
        assertThat(html).doesNotContain("id=\"day-form\"", "id=\"year-form\"");
    }

    @Test
    void aYearWithoutANoticeSaysItCountsWeekendsOnly() throws Exception {
        String html = page(get("/calendar").param("year", "2032").header("Accept-Language", "en"), observer(), 200);
        assertThat(html).contains("id=\"calendar-unpublished\"", "are not loaded yet");
    }

    @Test
    void anAdministratorAddsAYearAsLinesAndCorrectsADay() throws Exception {
        CurrentUser admin = fixtures.admin();
        assertThat(page(get("/calendar").param("year", "2041"), admin, 200)).contains("id=\"day-form\"", "id=\"year-form\"");

        mvc.perform(post("/calendar/years").with(csrf()).with(user(admin))
                        .param("year", "2041").param("source", "国务院办公厅关于2041年部分节假日安排的通知").param("publishedOn", "2040-11-02")
                        .param("lines", "2041-01-01,休,元旦\n\n2041-01-30~2041-02-05，休，春节\n2041-02-02 班 春节调休上班"))
                .andExpect(status().isBadRequest());
        // the break above holds the Saturday it also lists as worked: the duplicate is named by its line
        String refused = page(post("/calendar/years").with(csrf())
                .param("year", "2041").param("source", "通知").param("lines", "2041-01-01,休,元旦\n2041-01-30~2041-02-05,休,春节\n2041-02-02,班,春节调休上班"),
                admin, 400);
        assertThat(refused).contains("第3行：日期2041-02-02重复");
        assertThat(workingDays.year(2041).published()).isFalse();

        mvc.perform(post("/calendar/years").with(csrf()).with(user(admin))
                        .param("year", "2041").param("source", "通知").param("publishedOn", "2040-11-02")
                        .param("lines", "2041-01-01,休,元旦\n2041-01-31~2041-02-06，休，春节\n2041-02-09 班 春节调休上班"))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/calendar?year=2041"));
        assertThat(workingDays.day(LocalDate.of(2041, 2, 3)).kind()).isEqualTo(DayKind.HOLIDAY);
        assertThat(workingDays.isWorkingDay(LocalDate.of(2041, 2, 9))).isTrue();

        mvc.perform(post("/calendar/days").with(csrf()).with(user(admin))
                        .param("date", "2041-02-09").param("kind", "PLAIN").param("name", ""))
                .andExpect(status().isFound());
        assertThat(workingDays.isWorkingDay(LocalDate.of(2041, 2, 9))).isFalse();
        String wrongDay = page(post("/calendar/days").with(csrf())
                .param("date", "2041-02-11").param("kind", "ADJUSTED_WORKDAY").param("name", "调休"), admin, 400);
        assertThat(wrongDay).contains("2041-02-11是周一至周五，本来就上班");
    }

    @Test
    void aNonAdministratorMayNotPostToTheCalendar() throws Exception {
        mvc.perform(post("/calendar/days").with(csrf()).with(user(observer()))
                        .param("date", "2026-03-02").param("kind", "HOLIDAY").param("name", "放假"))
                .andExpect(status().isForbidden());
        assertThat(workingDays.isWorkingDay(LocalDate.of(2026, 3, 2))).isTrue();
    }

    private CurrentUser observer() {
        return fixtures.login(fixtures.user(Role.OBSERVER, fixtures.county("日历页").region(), null).username());
    }

    private String page(MockHttpServletRequestBuilder request, CurrentUser as, int expectedStatus) throws Exception {
        return mvc.perform(request.with(user(as)))
                .andExpect(status().is(expectedStatus))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}

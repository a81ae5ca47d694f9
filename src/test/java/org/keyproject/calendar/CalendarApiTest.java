package org.keyproject.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.audit.AuditEntry;
import org.keyproject.audit.AuditTrail;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Each test that changes the calendar works in a year of its own (2037 …), so tests never meet. */
@IntegrationTest
class CalendarApiTest {

    private static final RequestPostProcessor ADMIN = httpBasic("admin", "test-admin-password-1");

    @Autowired MockMvc http;
    @Autowired TestFixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired AuditTrail audit;

    @Test
    void anAdjustedWorkingSaturdayIsAWorkingDay() throws Exception {
        http.perform(get("/api/v1/calendar/2026-02-14").with(observer()))
                .andExpect(status().isOk())
                .andExpect(content().json("""
                        {"date": "2026-02-14", "workingDay": true, "kind": "ADJUSTED_WORKDAY", "name": "春节调休上班",
                         "published": true}
                        """, true));
    }

    @Test
    void threeWorkingDaysAfterTheFridayBeforeSpringFestivalIsTheWednesdayAfterIt() throws Exception {
        http.perform(get("/api/v1/calendar/add").param("date", "2026-02-13").param("days", "3").with(observer()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.date").value("2026-02-25"))
                .andExpect(jsonPath("$.published").value(true));
    }

    @Test
    void betweenCountsWorkingDaysAcrossNewYearAndAnUnloadedYearSaysSo() throws Exception {
        http.perform(get("/api/v1/calendar/between").param("from", "2025-12-31").param("to", "2026-01-05").with(observer()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.workingDays").value(2))
                .andExpect(jsonPath("$.published").value(true));
        http.perform(get("/api/v1/calendar/2034-10-02").with(observer()))
                .andExpect(jsonPath("$.workingDay").value(true))
                .andExpect(jsonPath("$.kind").value("WORKDAY"))
                .andExpect(jsonPath("$.published").value(false));
    }

    @Test
    void aNegativeNumberOfDaysOrABadDateIsRefusedNamingTheParameter() throws Exception {
        http.perform(get("/api/v1/calendar/add").param("date", "2026-02-13").param("days", "-1").with(observer()))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("days"));
        http.perform(get("/api/v1/calendar/add").param("date", "2026-02-30").param("days", "1").with(observer()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("date"));
    }

    @Test
    void aYearListsItsExceptionsAndItsSource() throws Exception {
        http.perform(get("/api/v1/calendar/years/2026").with(observer()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.published").value(true))
                .andExpect(jsonPath("$.source").value("国务院办公厅关于2026年部分节假日安排的通知"))
                .andExpect(jsonPath("$.days.length()").value(
                        Notices.HOLIDAYS.stream().filter(d -> d.getYear() == 2026).count()
                                + Notices.ADJUSTED_WORKDAYS.stream().filter(d -> d.getYear() == 2026).count()))
                .andExpect(jsonPath("$.days[0].date").value("2026-01-01"))
                .andExpect(jsonPath("$.days[0].name").value("元旦"));
    }

    @Test
    void onlyAnAdministratorChangesTheCalendar() throws Exception {
        http.perform(put("/api/v1/calendar/days/2026-03-02").with(observer()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"working\": false, \"name\": \"临时放假\"}"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, fixtures.county("日历").region(), null);
        http.perform(delete("/api/v1/calendar/days/2026-02-14").with(basic(coordinator))).andExpect(status().isForbidden());
        http.perform(post("/api/v1/calendar/years").with(basic(coordinator)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"year\": 2036, \"source\": \"x\", \"days\": []}"))
                .andExpect(status().isForbidden());
        http.perform(get("/api/v1/calendar/2026-03-02")).andExpect(status().isUnauthorized());

        http.perform(get("/api/v1/calendar/2026-03-02").with(observer())).andExpect(jsonPath("$.workingDay").value(true));
        assertThat(jdbc.sql("SELECT count(*) FROM calendar_year WHERE year = 2036").query(Long.class).single()).isZero();
    }

    @Test
    void anAdministratorsCorrectionChangesTheAnswerAndIsAudited() throws Exception {
        http.perform(post("/api/v1/calendar/years").with(ADMIN).contentType(MediaType.APPLICATION_JSON).content("""
                        {"year": 2037, "source": "国务院办公厅关于2037年部分节假日安排的通知", "publishedOn": "2036-11-01",
                         "days": [{"date": "2037-01-01", "working": false, "name": "元旦"},
                                  {"date": "2037-01-02", "kind": "HOLIDAY", "name": "元旦"},
                                  {"date": "2037-01-04", "working": true, "kind": "ADJUSTED_WORKDAY", "name": "元旦调休上班"}]}
                        """))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.published").value(true))
                .andExpect(jsonPath("$.days.length()").value(3));
        http.perform(get("/api/v1/calendar/add").param("date", "2036-12-31").param("days", "1").with(observer()))
                .andExpect(jsonPath("$.date").value("2037-01-04"));

        // Monday 2037-01-05 made a holiday, then Sunday 2037-01-04 put back to the weekend rule
        http.perform(put("/api/v1/calendar/days/2037-01-05").with(ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"working\": false, \"kind\": \"HOLIDAY\", \"name\": \"元旦\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.workingDay").value(false))
                .andExpect(jsonPath("$.kind").value("HOLIDAY"));
        http.perform(delete("/api/v1/calendar/days/2037-01-04").with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.kind").value("WEEKEND"));
        http.perform(get("/api/v1/calendar/add").param("date", "2036-12-31").param("days", "1").with(observer()))
                .andExpect(jsonPath("$.date").value("2037-01-06"));

        List<AuditEntry> set = audit.history("calendar_day", LocalDate.of(2037, 1, 5).toEpochDay());
        assertThat(set).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("CREATE");
            assertThat(e.actorName()).isNotBlank();
            assertThat(e.after()).containsEntry("kind", "HOLIDAY").containsEntry("name", "元旦").containsEntry("working", false);
        });
        List<AuditEntry> cleared = audit.history("calendar_day", LocalDate.of(2037, 1, 4).toEpochDay());
        assertThat(cleared).extracting(AuditEntry::action).containsExactly("DELETE", "CREATE");
        assertThat(cleared.get(0).before()).containsEntry("kind", "ADJUSTED_WORKDAY");
        assertThat(audit.history("calendar_year", 2037)).extracting(AuditEntry::action).containsExactly("CREATE");
        assertThat(audit.group(cleared.get(1).correlationId())).hasSize(4);

        http.perform(put("/api/v1/calendar/days/2037-01-05").with(ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"working\": false, \"name\": \"元旦补休\"}"))
                .andExpect(jsonPath("$.name").value("元旦补休"));
        assertThat(audit.history("calendar_day", LocalDate.of(2037, 1, 5).toEpochDay()).get(0).after())
                .containsOnlyKeys("name").containsEntry("name", "元旦补休");
    }

    @Test
    void aYearWithOneBadEntryWritesNothingAndNamesTheEntry() throws Exception {
        http.perform(post("/api/v1/calendar/years").with(ADMIN).contentType(MediaType.APPLICATION_JSON).content("""
                        {"year": 2038, "source": "国务院办公厅关于2038年部分节假日安排的通知",
                         "days": [{"date": "2038-01-01", "working": false, "name": "元旦"},
                                  {"date": "2038-01-05", "working": true, "name": "元旦调休上班"},
                                  {"date": "2038-01-02", "working": false, "name": "元旦"}]}
                        """))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("days[1].date"))
                .andExpect(jsonPath("$.errors[0].message").value("2038-01-05是周一至周五，本来就上班；调休上班只能设在周六或周日"));
        http.perform(get("/api/v1/calendar/years/2038").with(observer()))
                .andExpect(jsonPath("$.published").value(false))
                .andExpect(jsonPath("$.days.length()").value(0));
        assertThat(jdbc.sql("SELECT count(*) FROM calendar_day WHERE day BETWEEN '2038-01-01' AND '2038-12-31'")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE entity_type = 'calendar_year' AND entity_id = 2038")
                .query(Long.class).single()).isZero();
    }

    @Test
    void everyWrongEntryOfAYearIsNamed() throws Exception {
        http.perform(post("/api/v1/calendar/years").with(ADMIN).header("Accept-Language", "en")
                        .contentType(MediaType.APPLICATION_JSON).content("""
                        {"year": 2026, "source": "",
                         "days": [{"date": "2039-01-01", "working": false, "name": "元旦"},
                                  {"date": "2026-01-01", "working": true, "kind": "HOLIDAY", "name": " "},
                                  {"date": "2039-01-01", "kind": "WEEKEND", "name": "x"}]}
                        """))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains(
                        "year", "source", "days[0].date", "days[1].kind", "days[1].name", "days[2].kind", "days[2].date",
                        "days[2].date")))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("The holiday arrangements for 2026 are already loaded; correct single days instead"));
    }

    @Test
    void aDayOfAYearNotLoadedCannotBeSet() throws Exception {
        http.perform(put("/api/v1/calendar/days/2035-05-01").with(ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"working\": false, \"name\": \"劳动节\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("date"))
                .andExpect(jsonPath("$.errors[0].message").value("2035年的节假日安排尚未录入，请先添加该年度"));
        http.perform(delete("/api/v1/calendar/days/2026-03-03").with(ADMIN)).andExpect(status().isNotFound());
    }

    private RequestPostProcessor observer() {
        return basic(fixtures.user(Role.OBSERVER, fixtures.county("日历").region(), null));
    }

    private static RequestPostProcessor basic(UserAccount user) {
        return httpBasic(user.username(), TestFixtures.PASSWORD);
    }
}

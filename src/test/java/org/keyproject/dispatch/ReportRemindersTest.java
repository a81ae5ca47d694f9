package org.keyproject.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.TestFixtures.County;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.keyproject.project.ListLevel;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.Stage;
import org.keyproject.region.Regions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The morning reminders of March 2026's period, due Wednesday 8 April (five working days after the
 * 31st; 4–6 April are the 清明节 holiday), with reminders 2 working days ahead: Friday 3 April.
 */
@IntegrationTest
class ReportRemindersTest {

    private static final int YEAR = 2026;
    private static final LocalDate TWO_DAYS_AHEAD = LocalDate.of(YEAR, 4, 3);

    @Autowired DispatchRequests api;
    @Autowired TestFixtures fixtures;
    @Autowired Regions regions;
    @Autowired ReportReminders reminders;
    @Autowired MockMvc mvc;

    @Test
    void remindsOwnerUsersAndCommissionerOfAnUnreportedProjectOnceAndNobodyOfASubmittedOne() throws Exception {
        Setup s = setup("催报");
        assertThat(api.read(api.send(get("/api/v1/periods/{id}", s.period), s.coordinator, "")).get("dueOn").asText())
                .isEqualTo("2026-04-08");

        reminders.remind(TWO_DAYS_AHEAD);

        for (UserAccount owed : List.of(s.owner1, s.owner2, s.commissioner)) {
            List<JsonNode> items = inbox(owed);
            assertThat(items).as(owed.username()).hasSize(1);
            JsonNode notice = items.get(0);
            assertThat(notice.get("kind").asText()).isEqualTo("REPORT_DUE");
            assertThat(notice.get("link").asText()).isEqualTo("/periods/" + s.period + "/reports/" + s.silent.id());
            assertThat(notice.get("subject").asText()).isEqualTo("调度填报提醒：" + s.silent.name());
            assertThat(notice.get("body").asText()).contains("2026-03-01 至 2026-03-31", "截止日期 2026-04-08", "还有 2 个工作日");
            assertThat(notice.get("readAt").isNull()).isTrue();
        }
        assertThat(inbox(s.reporter)).as("the enterprise that submitted").isEmpty();
        assertThat(inbox(s.reportedCommissioner)).as("the commissioner of the submitted project").isEmpty();
        assertThat(inbox(s.draftOwner)).as("a draft is not a report").hasSize(1);
    }

    @Test
    void runningTheSameDayAgainOrLaterInTheWindowCreatesNoDuplicates() throws Exception {
        Setup s = setup("去重");
        reminders.remind(TWO_DAYS_AHEAD);
        assertThat(reminders.remind(TWO_DAYS_AHEAD)).as("new notices on the second run").isZero();
        reminders.remind(LocalDate.of(YEAR, 4, 7));
        reminders.remind(LocalDate.of(YEAR, 4, 8));

        assertThat(inbox(s.owner1)).hasSize(1);
        assertThat(inbox(s.commissioner)).hasSize(1);
    }

    @Test
    void weekendHolidayAndADayBeforeTheWindowCreateNothing() throws Exception {
        Setup s = setup("休息日");
        assertThat(reminders.remind(LocalDate.of(YEAR, 4, 4))).as("Saturday").isZero();
        assertThat(reminders.remind(LocalDate.of(YEAR, 4, 6))).as("清明节 Monday").isZero();
        reminders.remind(LocalDate.of(YEAR, 4, 2));

        assertThat(inbox(s.owner1)).isEmpty();
        assertThat(inbox(s.commissioner)).isEmpty();
    }

    @Test
    void afterTheDueDateEachWorkingDayBringsOneOverdueNoticeUntilTheReportIsSubmitted() throws Exception {
        Setup s = setup("逾期");
        reminders.remind(TWO_DAYS_AHEAD);
        reminders.remind(LocalDate.of(YEAR, 4, 9));
        reminders.remind(LocalDate.of(YEAR, 4, 9));
        reminders.remind(LocalDate.of(YEAR, 4, 11));
        reminders.remind(LocalDate.of(YEAR, 4, 13));

        List<JsonNode> items = inbox(s.owner1);
        assertThat(items).extracting(n -> n.get("kind").asText())
                .containsExactly("REPORT_OVERDUE", "REPORT_OVERDUE", "REPORT_DUE");
        assertThat(items).extracting(n -> n.get("body").asText()).anySatisfy(b -> assertThat(b).contains("已逾期 1 个工作日"))
                .anySatisfy(b -> assertThat(b).contains("已逾期 3 个工作日"));

        api.read(api.save(s.owner1, s.period, s.silent.id(), "{\"periodAmount\": 20}"));
        api.read(api.send(post("/api/v1/periods/{id}/reports/{p}/submit", s.period, s.silent.id()), s.owner1, ""));
        reminders.remind(LocalDate.of(YEAR, 4, 14));
        assertThat(inbox(s.owner1)).hasSize(3);
        assertThat(inbox(s.commissioner)).hasSize(3);
    }

    @Test
    void theOwnersInboxPageShowsTheReminderWithItsLinkAndTheUnreadBadge() throws Exception {
        Setup s = setup("收件箱");
        reminders.remind(TWO_DAYS_AHEAD);

        String page = mvc.perform(get("/inbox").with(user(fixtures.login(s.owner1.username()))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("调度填报提醒：" + s.silent.name(), "还有 2 个工作日", "data-kind=\"REPORT_DUE\"",
                "id=\"inbox-unread\"", "hx-get=\"/inbox/badge\"");
        String english = mvc.perform(get("/inbox").param("lang", "en").with(user(fixtures.login(s.owner1.username()))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(english).contains("Progress report due: " + s.silent.name(), "it is due on 2026-04-08, in 2 working days");
        String badge = mvc.perform(get("/inbox/badge").with(user(fixtures.login(s.owner1.username()))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(badge).contains("id=\"nav-inbox-badge\"", ">1<");
    }

    // ---- helpers ----

    /**
     * A county with its March period: a silent project (owner with two users, a commissioner) on two
     * lists, one submitted by its owner's user, one with only a draft.
     */
    private Setup setup(String name) throws Exception {
        County county = fixtures.county(name);
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        long owner = fixtures.enterprise(name, county.region());
        UserAccount owner1 = fixtures.user(Role.ENTERPRISE, county.region(), owner);
        UserAccount owner2 = fixtures.user(Role.ENTERPRISE, county.region(), owner);
        UserAccount commissioner = fixtures.user(Role.COMMISSIONER, county.region(), null);
        ProjectDetails silent = project(county, name, owner, commissioner);
        api.onList(silent, YEAR, ListLevel.COUNTY, county.region().id(), "1000");
        api.onList(silent, YEAR, ListLevel.CITY, regions.root().orElseThrow().id(), "1000");

        long reportingOwner = fixtures.enterprise(name + "已报", county.region());
        UserAccount reporter = fixtures.user(Role.ENTERPRISE, county.region(), reportingOwner);
        UserAccount reportedCommissioner = fixtures.user(Role.COMMISSIONER, county.region(), null);
        ProjectDetails reported = project(county, name, reportingOwner, reportedCommissioner);
        api.onList(reported, YEAR, ListLevel.COUNTY, county.region().id(), "1000");

        long draftingOwner = fixtures.enterprise(name + "草稿", county.region());
        UserAccount draftOwner = fixtures.user(Role.ENTERPRISE, county.region(), draftingOwner);
        ProjectDetails drafted = project(county, name, draftingOwner, null);
        api.onList(drafted, YEAR, ListLevel.COUNTY, county.region().id(), "1000");

        long period = api.month(coordinator, YEAR, 3);
        api.read(api.save(reporter, period, reported.id(), "{\"periodAmount\": 30}"));
        api.read(api.send(post("/api/v1/periods/{id}/reports/{p}/submit", period, reported.id()), reporter, ""));
        api.read(api.save(draftOwner, period, drafted.id(), "{\"periodAmount\": 10}"));
        return new Setup(coordinator, owner1, owner2, commissioner, reporter, reportedCommissioner, draftOwner, silent, period);
    }

    private ProjectDetails project(County county, String name, long owner, UserAccount commissioner) {
        return fixtures.projectWithOwner(fixtures.form(name + "项目" + fixtures.unique(), county.town(), "3000")
                .withStage(Stage.CONSTRUCTION, null).withCommissioner(commissioner == null ? null : commissioner.id()), owner);
    }

    private List<JsonNode> inbox(UserAccount who) throws Exception {
        JsonNode page = api.read(api.send(get("/api/v1/inbox"), who, ""));
        assertThat(page.get("total").asLong()).isEqualTo(page.get("items").size());
        return DispatchRequests.rows(page.get("items"));
    }

    private record Setup(UserAccount coordinator, UserAccount owner1, UserAccount owner2, UserAccount commissioner,
                         UserAccount reporter, UserAccount reportedCommissioner, UserAccount draftOwner,
                         ProjectDetails silent, long period) {
    }
}

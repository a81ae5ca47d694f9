package org.keyproject.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.TestFixtures.County;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Service promises (服务承诺) of a signing on Wednesday 30 September 2026, before the National Day
 * holiday (1–7 October; Saturday 10 October is worked, 调休): the commissioner is due on Thursday 8
 * October, the site survey on Friday 9, land supply on Saturday 10, the promotion meeting on Tuesday 13.
 */
@IntegrationTest
class PromiseTest {

    private static final LocalDate SIGNED = LocalDate.of(2026, 9, 30);

    @Autowired ServiceRequests api;
    @Autowired TestFixtures fixtures;
    @Autowired BrokenPromiseNotices notices;

    @Test
    void signingThroughTheApiPromisesFourTasksDueOnWorkingDaysCountedAcrossTheHoliday() throws Exception {
        Setup s = setup("签约");

        List<JsonNode> promises = api.promises(s.coordinator, s.project, SIGNED);

        assertThat(promises).extracting(p -> p.get("kind").asText() + " " + p.get("dueOn").asText() + " " + p.get("state").asText())
                .containsExactly("COMMISSIONER_NAMED 2026-10-08 OPEN", "SITE_SURVEY 2026-10-09 OPEN",
                        "LAND_SUPPLY_STARTED 2026-10-10 OPEN", "PROMOTION_MEETING 2026-10-13 OPEN");
        assertThat(promises).allSatisfy(p -> {
            assertThat(p.get("signedOn").asText()).isEqualTo("2026-09-30");
            assertThat(p.get("departmentId").asLong()).isEqualTo(s.department);
        });
    }

    @Test
    void aPromiseTurnsLateOnTheWorkingDayAfterItsDueDayAndIsToldOnceToTheDepartment() throws Exception {
        Setup s = setup("逾期");

        assertThat(api.promise(s.coordinator, s.project, LocalDate.of(2026, 10, 8), "COMMISSIONER_NAMED").get("state").asText())
                .isEqualTo("OPEN");
        assertThat(api.promise(s.coordinator, s.project, LocalDate.of(2026, 10, 9), "COMMISSIONER_NAMED").get("state").asText())
                .isEqualTo("LATE");
        assertThat(api.promise(s.coordinator, s.project, LocalDate.of(2026, 10, 9), "SITE_SURVEY").get("state").asText())
                .isEqualTo("OPEN");
        assertThat(api.promise(s.coordinator, s.project, LocalDate.of(2026, 10, 10), "SITE_SURVEY").get("state").asText())
                .as("the worked Saturday").isEqualTo("LATE");

        assertThat(notices.notice(LocalDate.of(2026, 10, 3))).as("a holiday").isZero();
        notices.notice(LocalDate.of(2026, 10, 8));
        assertThat(inbox(s.handler)).as("nothing is late on its due day").isEmpty();
        notices.notice(LocalDate.of(2026, 10, 9));
        notices.notice(LocalDate.of(2026, 10, 9));
        List<JsonNode> told = inbox(s.handler);
        assertThat(told).hasSize(1);
        assertThat(told.get(0).get("kind").asText()).isEqualTo("PROMISE_BROKEN");
        assertThat(told.get(0).get("subject").asText()).isEqualTo("服务承诺逾期：" + s.name);
        assertThat(told.get(0).get("body").asText()).contains("承诺 1 个工作日内明确项目专员", "期限 2026-10-08", "已逾期 1 个工作日");
        assertThat(told.get(0).get("link").asText()).isEqualTo("/projects/" + s.project);
        assertThat(inbox(s.otherHandler)).as("another department").isEmpty();

        notices.notice(LocalDate.of(2026, 10, 10));
        assertThat(inbox(s.handler)).extracting(n -> n.get("body").asText())
                .anySatisfy(b -> assertThat(b).contains("承诺 2 个工作日内完成现场踏勘", "期限 2026-10-09"))
                .hasSize(2);
        // no commissioner: the county's coordinator is told instead
        assertThat(inbox(s.coordinator)).hasSize(2);
    }

    @Test
    void aSiteVisitOnOrAfterTheSigningKeepsTheSurveyPromiseAndALaterMeetingKeepsItLate() throws Exception {
        Setup s = setup("兑现");
        api.log(s.coordinator, s.project, ServiceKind.SITE_VISIT, LocalDate.of(2026, 9, 29), "");
        assertThat(api.promise(s.coordinator, s.project, LocalDate.of(2026, 10, 9), "SITE_SURVEY").get("state").asText())
                .as("a visit before the signing keeps nothing").isEqualTo("OPEN");

        long visit = api.log(s.coordinator, s.project, ServiceKind.SITE_VISIT, LocalDate.of(2026, 10, 9), "").get("id").asLong();
        long meeting = api.log(s.coordinator, s.project, ServiceKind.PROMOTION_MEETING, LocalDate.of(2026, 10, 14), "").get("id").asLong();

        JsonNode survey = api.promise(s.coordinator, s.project, LocalDate.of(2026, 11, 2), "SITE_SURVEY");
        assertThat(survey.get("state").asText()).isEqualTo("KEPT");
        assertThat(survey.get("fulfilledOn").asText()).isEqualTo("2026-10-09");
        assertThat(survey.get("serviceId").asLong()).isEqualTo(visit);
        JsonNode promotion = api.promise(s.coordinator, s.project, LocalDate.of(2026, 11, 2), "PROMOTION_MEETING");
        assertThat(promotion.get("state").asText()).isEqualTo("KEPT_LATE");
        assertThat(promotion.get("serviceId").asLong()).isEqualTo(meeting);
        assertThat(api.promise(s.coordinator, s.project, LocalDate.of(2026, 10, 13), "PROMOTION_MEETING").get("state").asText())
                .as("on its due day, before the meeting").isEqualTo("OPEN");

        api.answer(api.send(put("/api/v1/services/{id}", visit), s.coordinator,
                "{\"kind\": \"CONTACT\", \"servedOn\": \"2026-10-09\", \"content\": \"电话联系\", \"version\": 0}"), 200);
        assertThat(api.promise(s.coordinator, s.project, LocalDate.of(2026, 11, 2), "SITE_SURVEY").get("state").asText())
                .as("the visit corrected to a phone call keeps it no longer").isEqualTo("LATE");
    }

    @Test
    void namingTheCommissionerKeepsThatPromiseAndAProjectSignedWithOneKeepsItOnTheSigningDay() throws Exception {
        Setup s = setup("专员");
        UserAccount commissioner = fixtures.user(Role.COMMISSIONER, s.county.region(), null);
        JsonNode project = api.answer(api.send(get("/api/v1/projects/{id}", s.project), s.coordinator, ""), 200);
        ((com.fasterxml.jackson.databind.node.ObjectNode) project).put("commissionerId", commissioner.id());
        api.answer(api.send(put("/api/v1/projects/{id}", s.project), s.coordinator, project.toString()), 200);

        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        JsonNode named = api.promise(s.coordinator, s.project, today, "COMMISSIONER_NAMED");
        assertThat(named.get("fulfilledOn").asText()).isEqualTo(today.toString());
        assertThat(named.get("state").asText()).isEqualTo("KEPT_LATE");

        long withOne = api.project(s.coordinator, "有专员项目" + fixtures.unique(), s.county.region(), null, s.department, commissioner.id());
        api.sign(s.coordinator, withOne, SIGNED);
        JsonNode kept = api.promise(s.coordinator, withOne, SIGNED, "COMMISSIONER_NAMED");
        assertThat(kept.get("state").asText()).isEqualTo("KEPT");
        assertThat(kept.get("fulfilledOn").asText()).isEqualTo("2026-09-30");
    }

    @Test
    void theBrokenPromisesOfADepartmentAreListedWithoutThoseOfOthers() throws Exception {
        Setup s = setup("清单");
        api.log(s.coordinator, s.project, ServiceKind.COMMISSIONER_NAMED, LocalDate.of(2026, 10, 8), "");
        long otherProject = api.project(s.coordinator, "他局项目" + fixtures.unique(), s.county.region(), null, s.otherDepartment, null);
        api.sign(s.coordinator, otherProject, SIGNED);

        JsonNode late = api.answer(api.send(get("/api/v1/promises").param("state", "LATE")
                .param("departmentId", String.valueOf(s.department)), s.coordinator, ""), 200);
        assertThat(ServiceRequests.items(late)).extracting(p -> p.get("projectId").asLong() + " " + p.get("kind").asText())
                .containsExactly(s.project + " SITE_SURVEY", s.project + " LAND_SUPPLY_STARTED", s.project + " PROMOTION_MEETING");
        assertThat(late.get("total").asInt()).isEqualTo(3);

        JsonNode handlersOwn = api.answer(api.send(get("/api/v1/promises").param("broken", "true"), s.handler, ""), 200);
        assertThat(ServiceRequests.items(handlersOwn)).as("a department handler sees its department's projects")
                .isNotEmpty().allSatisfy(p -> assertThat(p.get("projectId").asLong()).isEqualTo(s.project));
    }

    // ---- helpers ----

    /** Inbox of a user, through the API. */
    private List<JsonNode> inbox(UserAccount user) throws Exception {
        return ServiceRequests.items(api.answer(api.send(get("/api/v1/inbox"), user, ""), 200));
    }

    /**
     * A county with its coordinator, two departments each with a handler, and a project of the first
     * department without a commissioner, signed on 30 September 2026 through the API.
     */
    private Setup setup(String name) throws Exception {
        County county = fixtures.county(name);
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        long department = api.department(name, county.region());
        long otherDepartment = api.department(name + "他", county.region());
        // handlers of the town see the county's projects only through their department
        UserAccount handler = fixtures.user(Role.DEPARTMENT, county.town(), department);
        UserAccount otherHandler = fixtures.user(Role.DEPARTMENT, county.town(), otherDepartment);
        String projectName = name + "承诺项目" + fixtures.unique();
        long project = api.project(coordinator, projectName, county.region(), null, department, null);
        api.sign(coordinator, project, SIGNED);
        return new Setup(county, coordinator, department, otherDepartment, handler, otherHandler, project, projectName);
    }

    private record Setup(County county, UserAccount coordinator, long department, long otherDepartment, UserAccount handler,
                         UserAccount otherHandler, long project, String name) {
    }
}

package org.keyproject.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.TestFixtures.County;
import org.keyproject.calendar.WorkingDays;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.keyproject.project.ListLevel;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.Projects;
import org.keyproject.project.Stage;
import org.keyproject.region.Regions;
import org.springframework.beans.factory.annotation.Autowired;

/** The 慢拖瞒 warnings (形象进度 stalled, an amount jump) and the lists of late reports, counts and warnings. */
@IntegrationTest
class ReportChecksApiTest {

    private static final int YEAR = 2026;
    private static final String SUBMIT = "/api/v1/periods/{id}/reports/{p}/submit";

    @Autowired DispatchRequests api;
    @Autowired TestFixtures fixtures;
    @Autowired Projects projects;
    @Autowired Regions regions;
    @Autowired WorkingDays workingDays;

    @Test
    void imageProgressUnchangedForThreeReportsWithMoneyBlocksSubmitUntilExplained() throws Exception {
        County county = fixtures.county("停滞");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails project = listed(county, "10000", "9000");
        long january = api.month(coordinator, YEAR, 1);
        long february = api.month(coordinator, YEAR, 2);
        long march = api.month(coordinator, YEAR, 3);

        api.read(api.save(coordinator, january, project.id(), "{\"periodAmount\": 10, \"imageProgress\": \"主体结构 施工中\"}"));
        assertThat(codes(api.read(api.save(coordinator, february, project.id(),
                "{\"periodAmount\": 20, \"imageProgress\": \"主体结构\\u3000施工中 \"}")))).isEmpty();
        JsonNode third = api.read(api.save(coordinator, march, project.id(),
                "{\"periodAmount\": 15, \"imageProgress\": \"  主体结构\\n\\n施工中\"}"));
        assertThat(codes(third)).containsExactly("IMAGE_STALLED");

        api.send(post(SUBMIT, march, project.id()), coordinator, "{}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("explanations.IMAGE_STALLED"))
                .andExpect(jsonPath("$.errors[0].message").value("请说明：形象进度连续三期未变化，但每期都填报了完成投资"));
        JsonNode submitted = api.read(api.send(post(SUBMIT, march, project.id()), coordinator,
                "{\"explanations\": {\"IMAGE_STALLED\": \"室内装修阶段，形象进度描述未细化\"}}"));
        assertThat(submitted.get("state").asText()).isEqualTo("SUBMITTED");
        assertThat(submitted.get("warnings").get(0).get("explanation").asText()).isEqualTo("室内装修阶段，形象进度描述未细化");
    }

    @Test
    void imageProgressUnchangedIsNotFlaggedWhenAnEarlierPeriodReportedNoMoneyOrTheTextChanged() throws Exception {
        County county = fixtures.county("未停滞");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails idle = listed(county, "10000", "9000");
        ProjectDetails moving = listed(county, "10000", "9000");
        long january = api.month(coordinator, YEAR, 1);
        long february = api.month(coordinator, YEAR, 2);
        long march = api.month(coordinator, YEAR, 3);

        api.read(api.save(coordinator, january, idle.id(), "{\"periodAmount\": 10, \"imageProgress\": \"基础施工\"}"));
        api.read(api.save(coordinator, february, idle.id(), "{\"periodAmount\": 0, \"imageProgress\": \"基础施工\"}"));
        assertThat(codes(api.read(api.save(coordinator, march, idle.id(), "{\"periodAmount\": 10, \"imageProgress\": \"基础施工\"}"))))
                .isEmpty();

        api.read(api.save(coordinator, january, moving.id(), "{\"periodAmount\": 10, \"imageProgress\": \"基础施工\"}"));
        api.read(api.save(coordinator, february, moving.id(), "{\"periodAmount\": 10, \"imageProgress\": \"基础施工\"}"));
        assertThat(codes(api.read(api.save(coordinator, march, moving.id(), "{\"periodAmount\": 10, \"imageProgress\": \"主体封顶\"}"))))
                .isEmpty();
    }

    @Test
    void periodAmountFarAboveTheProjectsHistoryBlocksSubmitUntilExplained() throws Exception {
        County county = fixtures.county("跳变");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails project = listed(county, "10000", "9000");
        String[] amounts = {"10", "12", "11"};
        for (int m = 1; m <= 3; m++) {
            assertThat(codes(api.read(api.save(coordinator, api.month(coordinator, YEAR, m), project.id(),
                    "{\"periodAmount\": " + amounts[m - 1] + "}")))).isEmpty();
        }
        long april = api.month(coordinator, YEAR, 4);
        assertThat(codes(api.read(api.save(coordinator, april, project.id(), "{\"periodAmount\": 500}")))).containsExactly("AMOUNT_JUMP");

        api.send(post(SUBMIT, april, project.id()), coordinator, "").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("explanations.AMOUNT_JUMP"));
        JsonNode submitted = api.read(api.send(post(SUBMIT, april, project.id()), coordinator,
                "{\"explanations\": {\"AMOUNT_JUMP\": \"设备集中到货付款\"}}"));
        assertThat(submitted.get("state").asText()).isEqualTo("SUBMITTED");
        assertThat(submitted.get("warnings").get(0).get("explanation").asText()).isEqualTo("设备集中到货付款");
    }

    @Test
    void amountJumpIsNotFlaggedWithFewerThanThreeEarlierReportsOrWithinTheFloor() throws Exception {
        County county = fixtures.county("未跳变");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails young = listed(county, "10000", "9000");
        ProjectDetails steady = listed(county, "10000", "9000");
        long[] months = {api.month(coordinator, YEAR, 1), api.month(coordinator, YEAR, 2), api.month(coordinator, YEAR, 3),
            api.month(coordinator, YEAR, 4)};

        api.read(api.save(coordinator, months[0], young.id(), "{\"periodAmount\": 10}"));
        api.read(api.save(coordinator, months[1], young.id(), "{\"periodAmount\": 12}"));
        assertThat(codes(api.read(api.save(coordinator, months[2], young.id(), "{\"periodAmount\": 900}"))))
                .as("two earlier reports are not yet a history").isEmpty();

        api.read(api.save(coordinator, months[0], steady.id(), "{\"periodAmount\": 10}"));
        api.read(api.save(coordinator, months[1], steady.id(), "{\"periodAmount\": 12}"));
        api.read(api.save(coordinator, months[2], steady.id(), "{\"periodAmount\": 11}"));
        assertThat(codes(api.read(api.save(coordinator, months[3], steady.id(), "{\"periodAmount\": 90}"))))
                .as("far above in standard deviations, but less than 100 万元 above the mean").isEmpty();
    }

    @Test
    void lateListsALateSubmissionAndAMissingProjectWithWorkingDaysAndACountyUserSeesOnlyItsCounty() throws Exception {
        County a = fixtures.county("逾期甲");
        County b = fixtures.county("逾期乙");
        UserAccount city = fixtures.user(Role.COORDINATOR, regions.root().orElseThrow(), null);
        UserAccount countyUser = fixtures.user(Role.COORDINATOR, a.region(), null);
        UserAccount commissioner = fixtures.user(Role.COMMISSIONER, a.region(), null);
        ProjectDetails submittedLate = assigned(a, commissioner);
        ProjectDetails missing = assigned(a, commissioner);
        ProjectDetails elsewhere = listed(b, "3000", "1000");
        api.onList(submittedLate, YEAR, ListLevel.COUNTY, a.region().id(), "1000");
        api.onList(missing, YEAR, ListLevel.COUNTY, a.region().id(), "1000");
        long week = week(city, "2026-03-02", "2026-03-08", submittedLate, missing, elsewhere);
        api.read(api.save(city, week, submittedLate.id(), "{\"periodAmount\": 10}"));
        api.read(api.send(post(SUBMIT, week, submittedLate.id()), city, ""));

        LocalDate due = LocalDate.parse(api.read(api.send(get("/api/v1/periods/{id}", week), city, "")).get("dueOn").asText());
        LocalDate today = LocalDate.now(Plans.ZONE);
        int expected = workingDays.between(due, today);
        assertThat(expected).isPositive();

        List<JsonNode> late = DispatchRequests.rows(api.read(api.send(get("/api/v1/periods/{id}/late", week), city, "")));
        assertThat(late).extracting(r -> r.get("projectId").asLong())
                .containsExactlyInAnyOrder(submittedLate.id(), missing.id(), elsewhere.id());
        JsonNode lateRow = row(late, submittedLate);
        assertThat(lateRow.get("submittedOn").asText()).isEqualTo(today.toString());
        assertThat(lateRow.get("workingDaysLate").asInt()).isEqualTo(expected);
        assertThat(lateRow.get("regionName").asText()).isEqualTo(a.town().name());
        assertThat(lateRow.get("commissionerId").asLong()).isEqualTo(commissioner.id());
        assertThat(lateRow.get("commissionerName").asText()).isEqualTo(commissioner.displayName());
        assertThat(row(late, missing).get("submittedOn").isNull()).isTrue();
        assertThat(row(late, missing).get("workingDaysLate").asInt()).isEqualTo(expected);

        assertThat(DispatchRequests.rows(api.read(api.send(get("/api/v1/periods/{id}/late", week), countyUser, ""))))
                .extracting(r -> r.get("projectId").asLong()).containsExactlyInAnyOrder(submittedLate.id(), missing.id());

        JsonNode summary = api.read(api.send(get("/api/v1/periods/{id}/missing/summary", week), city, ""));
        assertThat(DispatchRequests.rows(summary.get("regions"))).extracting(this::counts)
                .containsExactlyInAnyOrder(a.region().id() + " " + a.region().name() + " 2/1/2",
                        b.region().id() + " " + b.region().name() + " 1/1/1");
        assertThat(DispatchRequests.rows(summary.get("commissioners"))).extracting(this::counts)
                .contains(commissioner.id() + " " + commissioner.displayName() + " 2/1/2");
        JsonNode countySummary = api.read(api.send(get("/api/v1/periods/{id}/missing/summary", week), countyUser, ""));
        assertThat(DispatchRequests.rows(countySummary.get("regions"))).extracting(this::counts)
                .containsExactly(a.town().id() + " " + a.town().name() + " 2/1/2");
    }

    @Test
    void warningsAreListedPerRegionWithTheirExplanationsWithinTheCallersScope() throws Exception {
        County a = fixtures.county("预警甲");
        County b = fixtures.county("预警乙");
        UserAccount city = fixtures.user(Role.COORDINATOR, regions.root().orElseThrow(), null);
        UserAccount countyUser = fixtures.user(Role.COORDINATOR, a.region(), null);
        ProjectDetails explained = listed(a, "5000", "100");
        ProjectDetails open = listed(b, "5000", "100");
        ProjectDetails quiet = listed(a, "5000", "1000");
        long week = week(city, "2026-04-06", "2026-04-12", explained, open, quiet);
        api.read(api.save(city, week, explained.id(), "{\"periodAmount\": 150}"));
        api.read(api.send(post(SUBMIT, week, explained.id()), city, "{\"explanations\": {\"YTD_ABOVE_PLAN\": \"追加投资\"}}"));
        api.read(api.save(city, week, open.id(), "{\"periodAmount\": 150}"));
        api.read(api.save(city, week, quiet.id(), "{\"periodAmount\": 150}"));

        List<JsonNode> all = DispatchRequests.rows(api.read(api.send(get("/api/v1/periods/{id}/warnings", week), city, "")));
        assertThat(all).extracting(w -> w.get("projectId").asLong() + " " + w.get("warning").asText() + " "
                        + w.get("explanation").asText() + " " + w.get("reportState").asText())
                .containsExactlyInAnyOrder(explained.id() + " YTD_ABOVE_PLAN 追加投资 SUBMITTED",
                        open.id() + " YTD_ABOVE_PLAN null DRAFT");
        assertThat(row(all, explained).get("message").asText()).isEqualTo("1-N月累计完成投资超过年度计划投资");
        assertThat(row(all, explained).get("regionName").asText()).isEqualTo(a.town().name());

        assertThat(DispatchRequests.rows(api.read(api.send(get("/api/v1/periods/{id}/warnings", week), countyUser, ""))))
                .extracting(w -> w.get("projectId").asLong()).containsExactly(explained.id());
    }

    // ---- helpers ----

    private ProjectDetails listed(County county, String investment, String planned) {
        ProjectDetails project = fixtures.project("检查项目" + fixtures.unique(), county.town(), investment, Stage.CONSTRUCTION);
        api.onList(project, YEAR, ListLevel.COUNTY, county.region().id(), planned);
        return project;
    }

    private ProjectDetails assigned(County county, UserAccount commissioner) {
        return projects.create(fixtures.form("逾期项目" + fixtures.unique(), county.town(), "3000")
                .withStage(Stage.CONSTRUCTION, null).withCommissioner(commissioner.id()), fixtures.admin());
    }



    private long week(UserAccount coordinator, String starts, String ends, ProjectDetails... designated) throws Exception {
        StringBuilder ids = new StringBuilder();
        for (ProjectDetails p : designated) {
            ids.append(ids.isEmpty() ? "" : ",").append(p.id());
        }
        return api.read(api.send(post("/api/v1/periods"), coordinator,
                "{\"year\": %d, \"cadence\": \"WEEKLY\", \"startsOn\": \"%s\", \"endsOn\": \"%s\", \"projectIds\": [%s]}"
                        .formatted(YEAR, starts, ends, ids)).andExpect(status().isCreated())).get("id").asLong();
    }




    private static List<String> codes(JsonNode report) {
        return report.get("warnings").findValuesAsText("code");
    }

    private String counts(JsonNode count) {
        return count.get("id").asText() + " " + count.get("name").asText() + " "
                + count.get("listed").asLong() + "/" + count.get("missing").asLong() + "/" + count.get("late").asLong();
    }

    private static JsonNode row(List<JsonNode> rows, ProjectDetails project) {
        return rows.stream().filter(r -> r.get("projectId").asLong() == project.id()).findFirst().orElseThrow();
    }

}

package org.keyproject.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import org.keyproject.project.Stage;
import org.keyproject.region.Regions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@IntegrationTest
class ReportApiTest {

    private static final int YEAR = 2026;

    @Autowired DispatchRequests api;
    @Autowired TestFixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired Regions regions;
    @Autowired WorkingDays workingDays;

    @Test
    void periodAmountGivesYearToDateAndYearToDateGivesPeriodAmountAcrossTwoMonths() throws Exception {
        County county = fixtures.county("派生");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails project = started(county, "10000");
        onList(project, ListLevel.COUNTY, county.region().id(), "5000");
        long january = month(coordinator, 1);
        long february = month(coordinator, 2);
        JsonNode period = read(send(get("/api/v1/periods/{id}", january), coordinator, ""));
        assertThat(period.get("endsOn").asText()).isEqualTo("2026-01-31");
        LocalDate due = LocalDate.parse(period.get("dueOn").asText());
        assertThat(due).isEqualTo(workingDays.add(LocalDate.of(YEAR, 1, 31), 5));
        assertThat(workingDays.isWorkingDay(due)).isTrue();

        JsonNode first = read(save(coordinator, january, project.id(), "{\"periodAmount\": 100.5}"));
        assertThat(first.get("ytdAmount").decimalValue()).isEqualByComparingTo("100.5");
        assertThat(first.get("state").asText()).isEqualTo("DRAFT");

        JsonNode second = read(save(coordinator, february, project.id(), "{\"ytdAmount\": 250}"));
        assertThat(second.get("periodAmount").decimalValue()).isEqualByComparingTo("149.5");
        assertThat(second.get("sinceStartAmount").decimalValue()).isEqualByComparingTo("250");

        save(coordinator, january, project.id(), "{\"periodAmount\": 120, \"version\": 0}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("periodAmount"))
                .andExpect(jsonPath("$.errors[0].message").value("本项目在后续调度期已有填报，不能再修改本期金额"));
    }

    @Test
    void eachHardErrorNamesItsFieldAndWritesNothing() throws Exception {
        County county = fixtures.county("硬错");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails project = started(county, "1000");
        onList(project, ListLevel.COUNTY, county.region().id(), "800");
        long january = month(coordinator, 1);
        long february = month(coordinator, 2);
        read(save(coordinator, january, project.id(), "{\"periodAmount\": 300}"));

        assertField(save(coordinator, february, project.id(), "{\"periodAmount\": -1}"), "periodAmount", "金额不能为负数");
        assertField(save(coordinator, february, project.id(), "{\"ytdAmount\": 200}"), "ytdAmount",
                "1-N月累计不能低于上期累计 300 万元");
        assertField(save(coordinator, february, project.id(), "{\"ytdAmount\": 1000.0001}"), "ytdAmount",
                "累计完成投资不能超过项目总投资 1,000 万元");
        assertField(save(coordinator, february, project.id(), "{\"periodAmount\": 10, \"ytdAmount\": 400}"), "ytdAmount",
                "本期完成投资与1-N月累计不一致（上期累计 300 万元）");
        assertField(save(coordinator, february, project.id(), "{}"), "periodAmount", "请填写本期完成投资或1-N月累计完成投资（二选一）");
        assertField(save(coordinator, february, project.id(), "{\"periodAmount\": 10, \"startedOn\": \"2099-01-01\"}"),
                "startedOn", "开工（复工）日期不能晚于今天");

        send(get("/api/v1/periods/{id}/reports/{p}", february, project.id()), coordinator, "").andExpect(status().isNotFound());
    }

    @Test
    void warningBlocksSubmitUntilExplainedAndTheExplanationIsKept() throws Exception {
        County county = fixtures.county("预警");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails project = started(county, "5000");
        onList(project, ListLevel.COUNTY, county.region().id(), "100");
        long january = month(coordinator, 1);

        JsonNode draft = read(save(coordinator, january, project.id(), "{\"periodAmount\": 150}"));
        assertThat(draft.get("warnings")).hasSize(1);
        assertThat(draft.get("warnings").get(0).get("code").asText()).isEqualTo("YTD_ABOVE_PLAN");

        send(post("/api/v1/periods/{id}/reports/{p}/submit", january, project.id()), coordinator, "{}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("explanations.YTD_ABOVE_PLAN"))
                .andExpect(jsonPath("$.errors[0].message").value("请说明：1-N月累计完成投资超过年度计划投资"));
        JsonNode submitted = read(send(post("/api/v1/periods/{id}/reports/{p}/submit", january, project.id()), coordinator,
                "{\"explanations\": {\"YTD_ABOVE_PLAN\": \"年中追加投资，计划待调整\"}}"));
        assertThat(submitted.get("state").asText()).isEqualTo("SUBMITTED");
        assertThat(submitted.get("warnings").get(0).get("explanation").asText()).isEqualTo("年中追加投资，计划待调整");
    }

    @Test
    void enterpriseReportsItsOwnProjectAndGetsNotFoundForAnotherEnterprisesProject() throws Exception {
        County county = fixtures.county("企业");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        long owner = fixtures.enterprise("自有", county.region());
        UserAccount enterprise = fixtures.user(Role.ENTERPRISE, county.region(), owner);
        ProjectDetails own = fixtures.projectWithOwner(fixtures.form("自有项目" + fixtures.unique(), county.town(), "2000")
                .withStage(Stage.CONSTRUCTION, null), owner);
        ProjectDetails other = started(county, "2000");
        onList(own, ListLevel.COUNTY, county.region().id(), "1000");
        onList(other, ListLevel.COUNTY, county.region().id(), "1000");
        long january = month(coordinator, 1);

        read(save(enterprise, january, own.id(), "{\"periodAmount\": 10}"));
        save(enterprise, january, other.id(), "{\"periodAmount\": -5}").andExpect(status().isNotFound());
        JsonNode missing = read(send(get("/api/v1/periods/{id}/missing", january), coordinator, ""));
        assertThat(missing.findValuesAsText("projectId")).contains(String.valueOf(own.id()), String.valueOf(other.id()));
    }

    @Test
    void countyReturnsWithAReasonTheEnterpriseResubmitsAndCountyThenCityApprove() throws Exception {
        County county = fixtures.county("审核");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        UserAccount city = fixtures.user(Role.COORDINATOR, regions.root().orElseThrow(), null);
        long owner = fixtures.enterprise("审核", county.region());
        UserAccount enterprise = fixtures.user(Role.ENTERPRISE, county.region(), owner);
        ProjectDetails project = fixtures.projectWithOwner(fixtures.form("审核项目" + fixtures.unique(), county.town(), "2000")
                .withStage(Stage.CONSTRUCTION, null), owner);
        onList(project, ListLevel.COUNTY, county.region().id(), "1000");
        long january = month(coordinator, 1);
        read(save(enterprise, january, project.id(), "{\"periodAmount\": 10}"));
        read(send(post("/api/v1/periods/{id}/reports/{p}/submit", january, project.id()), enterprise, ""));

        String review = "/api/v1/periods/{id}/reports/{p}/review";
        assertField(send(post(review, january, project.id()), coordinator, "{\"action\": \"RETURN\"}"), "reason", "退回须填写原因");
        assertField(send(post(review, january, project.id()), city, "{\"action\": \"APPROVE\"}"), "action",
                "当前状态（已提交）不能由您审核");
        JsonNode returned = read(send(post(review, january, project.id()), coordinator,
                "{\"action\": \"RETURN\", \"reason\": \"本期投资与发票不符\"}"));
        assertThat(returned.get("state").asText()).isEqualTo("RETURNED");

        JsonNode edited = read(save(enterprise, january, project.id(),
                "{\"periodAmount\": 12, \"version\": " + returned.get("version").asInt() + "}"));
        assertThat(edited.get("state").asText()).isEqualTo("RETURNED");
        read(send(post("/api/v1/periods/{id}/reports/{p}/submit", january, project.id()), enterprise, ""));
        assertThat(read(send(post(review, january, project.id()), coordinator, "{\"action\": \"APPROVE\"}"))
                .get("state").asText()).isEqualTo("COUNTY_REVIEWED");
        assertThat(read(send(post(review, january, project.id()), city, "{\"action\": \"APPROVE\"}"))
                .get("state").asText()).isEqualTo("CITY_CONFIRMED");
        assertThat(jdbc.sql("SELECT count(*) FROM report_review r JOIN progress_report pr ON pr.id = r.report_id WHERE pr.project_id = ?")
                .param(project.id()).query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void closingWritesOneRowPerListedProjectAndLevelRefusesEditsAndIsSafeTwice() throws Exception {
        County county = fixtures.county("关账");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails reporting = started(county, "3000");
        ProjectDetails silent = started(county, "3000");
        onList(reporting, ListLevel.COUNTY, county.region().id(), "1000");
        onList(reporting, ListLevel.CITY, regions.root().orElseThrow().id(), "1200");
        onList(silent, ListLevel.COUNTY, county.region().id(), "900");
        long january = month(coordinator, 1);
        read(save(coordinator, january, reporting.id(), "{\"periodAmount\": 80}"));
        read(send(post("/api/v1/periods/{id}/reports/{p}/submit", january, reporting.id()), coordinator, ""));

        JsonNode closed = read(send(post("/api/v1/periods/{id}/close", january), coordinator, ""));
        assertThat(closed.get("state").asText()).isEqualTo("CLOSED");
        JsonNode again = read(send(post("/api/v1/periods/{id}/close", january), coordinator, ""));
        assertThat(again.get("closedAt").asText()).isEqualTo(closed.get("closedAt").asText());

        List<JsonNode> rows = rows(read(send(get("/api/v1/periods/{id}/snapshot", january), coordinator, "")));
        assertThat(rows).extracting(r -> r.get("projectId").asLong() + "/" + r.get("listLevel").asText())
                .containsExactlyInAnyOrder(reporting.id() + "/CITY", reporting.id() + "/COUNTY", silent.id() + "/COUNTY");
        assertThat(rows).filteredOn(r -> r.get("projectId").asLong() == reporting.id())
                .allSatisfy(r -> assertThat(r.get("ytdAmount").decimalValue()).isEqualByComparingTo("80"));
        assertThat(rows).filteredOn(r -> r.get("projectId").asLong() == reporting.id())
                .extracting(r -> r.get("plannedInvestment").decimalValue().stripTrailingZeros().toPlainString())
                .containsExactlyInAnyOrder("1000", "1200");
        JsonNode silentRow = rows.stream().filter(r -> r.get("projectId").asLong() == silent.id()).findFirst().orElseThrow();
        assertThat(silentRow.get("periodAmount").decimalValue()).isEqualByComparingTo("0");
        assertThat(silentRow.get("stage").asText()).isEqualTo("CONSTRUCTION");
        assertThat(jdbc.sql("""
                SELECT target || '/' || total_investment::numeric(18, 0) || '/' || manufacturing FROM period_snapshot
                WHERE period_id = ? AND project_id = ? AND list_level = 'COUNTY'
                """).params(january, silent.id()).query(String.class).single())
                .as("what the indicators cut by is frozen too").isEqualTo("CONTINUE/3000/" + silent.manufacturing());

        assertField(save(coordinator, january, silent.id(), "{\"periodAmount\": 5}"), "periodId",
                "调度期已关账，不能再修改填报；如需更正，请由调度管理员提交更正（带原因）");
    }

    @Test
    void revisionWithAReasonAppendsRowsWhileRevisionZeroStaysAndTheDatabaseRefusesUpdates() throws Exception {
        County county = fixtures.county("更正");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails project = started(county, "3000");
        onList(project, ListLevel.COUNTY, county.region().id(), "1000");
        onList(project, ListLevel.CITY, regions.root().orElseThrow().id(), "1200");
        long january = month(coordinator, 1);
        read(save(coordinator, january, project.id(), "{\"periodAmount\": 80}"));
        read(send(post("/api/v1/periods/{id}/reports/{p}/submit", january, project.id()), coordinator, ""));
        read(send(post("/api/v1/periods/{id}/close", january), coordinator, ""));

        String revisions = "/api/v1/periods/{id}/revisions";
        assertField(send(post(revisions, january), coordinator, "{\"projectId\": " + project.id() + ", \"periodAmount\": 90}"),
                "reason", "更正须填写原因");
        JsonNode revised = read(send(post(revisions, january), coordinator,
                "{\"projectId\": " + project.id() + ", \"ytdAmount\": 95, \"reason\": \"企业补报发票\"}").andExpect(status().isCreated()));
        assertThat(rows(revised)).hasSize(2).allSatisfy(r -> {
            assertThat(r.get("revision").asInt()).isEqualTo(1);
            assertThat(r.get("periodAmount").decimalValue()).isEqualByComparingTo("95");
            assertThat(r.get("reason").asText()).isEqualTo("企业补报发票");
        });
        assertThat(rows(read(send(get("/api/v1/periods/{id}/snapshot", january), coordinator, ""))))
                .hasSize(2).allSatisfy(r -> assertThat(r.get("ytdAmount").decimalValue()).isEqualByComparingTo("80"));
        assertThat(rows(read(send(get("/api/v1/periods/{id}/snapshot", january).param("revised", "true"), coordinator, ""))))
                .hasSize(2).allSatisfy(r -> assertThat(r.get("ytdAmount").decimalValue()).isEqualByComparingTo("95"));

        assertThatThrownBy(() -> jdbc.sql("UPDATE period_snapshot SET ytd_amount = 1 WHERE period_id = ?").param(january).update())
                .hasMessageContaining("never changed");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM period_snapshot WHERE period_id = ?").param(january).update())
                .hasMessageContaining("never changed");
    }

    // ---- helpers ----

    private ProjectDetails started(County county, String investment) {
        return fixtures.project("调度项目" + fixtures.unique(), county.town(), investment, Stage.CONSTRUCTION);
    }

    private void onList(ProjectDetails project, ListLevel level, long regionId, String planned) {
        api.onList(project, YEAR, level, regionId, planned);
    }

    private long month(UserAccount coordinator, int month) throws Exception {
        return api.month(coordinator, YEAR, month);
    }

    private ResultActions save(UserAccount as, long period, long project, String body) throws Exception {
        return api.save(as, period, project, body);
    }

    private ResultActions send(MockHttpServletRequestBuilder request, UserAccount as, String body) throws Exception {
        return api.send(request, as, body);
    }

    private JsonNode read(ResultActions result) throws Exception {
        return api.read(result);
    }

    private static void assertField(ResultActions result, String field, String message) throws Exception {
        result.andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value(field))
                .andExpect(jsonPath("$.errors[0].message").value(message));
    }

    private static List<JsonNode> rows(JsonNode array) {
        return DispatchRequests.rows(array);
    }
}

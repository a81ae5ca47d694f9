package org.keyproject.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.TestFixtures.County;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.Role;
import org.keyproject.project.ListEntryForm;
import org.keyproject.project.ListLevel;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.Projects;
import org.keyproject.project.Stage;
import org.keyproject.project.YearTarget;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@IntegrationTest
class ReportPagesTest {

    @Autowired MockMvc mvc;
    @Autowired TestFixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired Projects projects;
    @Autowired Periods periods;
    @Autowired Reports reports;

    @Test
    void enterpriseListsOnlyItsOwnProjectsAndTheCoordinatorFiltersByState() throws Exception {
        Setup s = setup("列表", "1000");
        ProjectDetails other = listed(s.county, fixtures.project("别家项目" + fixtures.unique(), s.county.town(), "2000", Stage.CONSTRUCTION), "1000");
        saveDraft(s, "10").andExpect(status().isFound());

        String mine = html(mvc.perform(get("/reports").with(user(s.enterprise))).andExpect(status().isOk()));
        assertThat(mine).contains("data-project=\"" + s.project.id() + "\"").doesNotContain("data-project=\"" + other.id() + "\"")
                .doesNotContain("id=\"reports-filter\"");
        String drafts = html(mvc.perform(get("/reports").param("state", "DRAFT").with(user(s.coordinator))).andExpect(status().isOk()));
        assertThat(drafts).contains("data-project=\"" + s.project.id() + "\"", "id=\"reports-filter\"")
                .doesNotContain("data-project=\"" + other.id() + "\"");
        String none = html(mvc.perform(get("/reports").param("state", "NONE").with(user(s.coordinator))).andExpect(status().isOk()));
        assertThat(none).contains("data-project=\"" + other.id() + "\"").doesNotContain("data-project=\"" + s.project.id() + "\"");
    }

    @Test
    void refusedAmountAndFakePhotoAreMarkedOnTheirFieldsWithTheReason() throws Exception {
        Setup s = setup("拒绝", "1000");
        String refused = html(saveDraft(s, "-1").andExpect(status().isBadRequest()));
        assertThat(refused).contains("data-field=\"periodAmount\"", "金额不能为负数");
        assertThat(jdbc.sql("SELECT count(*) FROM progress_report WHERE project_id = ?").param(s.project.id()).query(Long.class).single())
                .isZero();

        saveDraft(s, "10").andExpect(status().isFound());
        String photo = html(mvc.perform(multipart(s.page + "/photos").file(new MockMultipartFile("photo", "site.jpg", "image/jpeg",
                "文本".getBytes(StandardCharsets.UTF_8))).with(csrf()).with(user(s.enterprise))).andExpect(status().isBadRequest()));
        assertThat(photo).contains("data-field=\"photo\"", "只能上传JPEG或PNG格式的照片");
    }

    @Test
    void submitWithAnUnexplainedWarningShowsItsReasonAndGoesThroughOnceExplained() throws Exception {
        Setup s = setup("预警页", "100");
        String refused = html(mvc.perform(post(s.page).with(csrf()).with(user(s.enterprise)).param("amountKind", "period")
                .param("amount", "150").param("action", "submit")).andExpect(status().isBadRequest()));
        assertThat(refused).contains("id=\"explanation-YTD_ABOVE_PLAN\"", "data-field=\"explanations.YTD_ABOVE_PLAN\"",
                "请说明：1-N月累计完成投资超过年度计划投资");

        Report draft = reportOf(s);
        mvc.perform(post(s.page).with(csrf()).with(user(s.enterprise)).param("amountKind", "ytd").param("amount", "150")
                        .param("version", String.valueOf(draft.version())).param("explanation.YTD_ABOVE_PLAN", "追加投资")
                        .param("action", "submit"))
                .andExpect(status().isFound()).andExpect(redirectedUrl(s.page));
        assertThat(reportOf(s).state()).isEqualTo("SUBMITTED");
        assertThat(reportOf(s).warnings().get(0).explanation()).isEqualTo("追加投资");
    }

    @Test
    void anotherEnterpriseGetsNotFoundForTheReportPage() throws Exception {
        Setup s = setup("他人页", "1000");
        CurrentUser stranger = fixtures.login(fixtures.user(Role.ENTERPRISE, s.county.region(),
                fixtures.enterprise("他人", s.county.region())).username());
        mvc.perform(get(s.page).with(user(stranger))).andExpect(status().isNotFound());
        mvc.perform(post(s.page).with(csrf()).with(user(stranger)).param("amount", "1")).andExpect(status().isNotFound());
    }

    // ---- helpers ----

    private record Setup(County county, CurrentUser coordinator, CurrentUser enterprise, ProjectDetails project, long period,
                         String page) {
    }

    private Setup setup(String name, String planned) {
        County county = fixtures.county(name);
        CurrentUser coordinator = fixtures.login(fixtures.user(Role.COORDINATOR, county.region(), null).username());
        long owner = fixtures.enterprise(name, county.region());
        CurrentUser enterprise = fixtures.login(fixtures.user(Role.ENTERPRISE, county.region(), owner).username());
        ProjectDetails project = listed(county, fixtures.projectWithOwner(fixtures.form(name + "项目" + fixtures.unique(), county.town(),
                "2000").withStage(Stage.CONSTRUCTION, null), owner), planned);
        long period = periods.open(new Periods.NewPeriod(2026, Period.Cadence.MONTHLY, 1, null, null, null), coordinator).id();
        return new Setup(county, coordinator, enterprise, project, period, "/periods/" + period + "/reports/" + project.id());
    }

    private ProjectDetails listed(County county, ProjectDetails project, String planned) {
        long list = projects.listFor(2026, ListLevel.COUNTY, county.region().id(), fixtures.admin()).id();
        projects.putOnList(project.id(), new ListEntryForm(list, new BigDecimal(planned), YearTarget.CONTINUE, null), fixtures.admin());
        return project;
    }

    private ResultActions saveDraft(Setup s, String amount) throws Exception {
        return mvc.perform(post(s.page).with(csrf()).with(user(s.enterprise)).param("amountKind", "period").param("amount", amount)
                .param("startedOn", "2026-01-05").param("action", "save"));
    }

    private Report reportOf(Setup s) {
        return reports.get(s.period, s.project.id(), s.coordinator);
    }

    private static String html(ResultActions result) throws Exception {
        return result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}

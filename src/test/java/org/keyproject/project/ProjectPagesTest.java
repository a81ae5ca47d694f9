package org.keyproject.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.Role;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@IntegrationTest
class ProjectPagesTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestFixtures fixtures;
    @Autowired
    ProjectQueries queries;
    @Autowired
    Projects projects;

    @Test
    void listWithAFilterShowsOnlyTheMatchingProjects() throws Exception {
        TestFixtures.County county = fixtures.county("筛选");
        CurrentUser coordinator = coordinatorOf(county);
        String tag = fixtures.unique();
        ProjectDetails big = fixtures.project("大型化工" + tag, county.region(), "60000", Stage.CONSTRUCTION);
        ProjectDetails small = fixtures.project("小型仓储" + tag, county.town(), "800");

        String html = page(get("/projects").param("q", tag).param("stage", "CONSTRUCTION"), coordinator, 200);

        assertThat(html).contains(big.name(), "共 1 项", "开工在建", "60,000", "6 亿元").doesNotContain(small.name());

        String both = page(get("/projects").param("q", tag), coordinator, 200);
        assertThat(both).contains(big.name(), small.name(), "共 2 项");

        String bySize = page(get("/projects").param("q", tag).param("minInvestment", "500").param("maxInvestment", "1000"),
                coordinator, 200);
        assertThat(bySize).contains(small.name()).doesNotContain(big.name());
    }

    @Test
    void unclassifiedProjectsShowAs未分类AndAreAFilterOfTheList() throws Exception {
        TestFixtures.County county = fixtures.county("未分类");
        CurrentUser coordinator = coordinatorOf(county);
        String tag = fixtures.unique();
        ProjectForm form = fixtures.form("待分类项目" + tag, county.region(), "2000");
        ProjectDetails unclassified = projects.create(new ProjectForm(form.code(), form.name(), form.ownerId(), form.ownerName(),
                form.regionId(), form.address(), null, null, form.contentScale(), form.nature(), Category.UNCLASSIFIED, false,
                null, form.totalInvestment(), null, null, null, null, null, null, null, null, null, null, null, null), fixtures.admin());
        ProjectDetails industrial = fixtures.project("产业项目" + tag, county.region(), "3000");

        String filtered = page(get("/projects").param("q", tag).param("category", "UNCLASSIFIED"), coordinator, 200);

        assertThat(filtered).contains(unclassified.name(), "未分类", "共 1 项").doesNotContain(industrial.name());
        assertThat(page(get("/projects/" + unclassified.id()), coordinator, 200)).contains("未分类");
    }

    @Test
    void columnHeadersSortAndTheListPagesByTwenty() throws Exception {
        TestFixtures.County county = fixtures.county("分页");
        CurrentUser coordinator = coordinatorOf(county);
        String tag = fixtures.unique();
        for (int i = 1; i <= 21; i++) {
            fixtures.project(String.format("分页项目%s-%02d", tag, i), county.region(), String.valueOf(1000 + i * 100));
        }

        String first = page(get("/projects").param("q", tag).param("sort", "investment").param("dir", "asc"), coordinator, 200);
        String second = page(get("/projects").param("q", tag).param("sort", "investment").param("dir", "asc").param("page", "1"),
                coordinator, 200);

        assertThat(first).contains("共 21 项", "第 1 / 2 页", "id=\"page-next\"");
        assertThat(rows(first)).isEqualTo(20);
        assertThat(first.indexOf(tag + "-01")).isLessThan(first.indexOf(tag + "-02"));
        assertThat(first).doesNotContain(tag + "-21");
        assertThat(second).contains("第 2 / 2 页", tag + "-21");
        assertThat(rows(second)).isEqualTo(1);
        String descending = page(get("/projects").param("q", tag).param("sort", "investment").param("dir", "desc"), coordinator, 200);
        assertThat(descending.indexOf(tag + "-21")).isLessThan(descending.indexOf(tag + "-20"));
    }

    @Test
    void observerSeesNoEditButtonAndMayNotEdit() throws Exception {
        TestFixtures.County county = fixtures.county("观察");
        ProjectDetails project = fixtures.project("观察项目" + fixtures.unique(), county.region(), "1500");
        CurrentUser observer = fixtures.login(fixtures.user(Role.OBSERVER, county.region(), null).username());

        assertThat(page(get("/projects/" + project.id()), observer, 200)).contains(project.name())
                .doesNotContain("id=\"edit-project\"", "id=\"transition-form\"");
        mvc.perform(get("/projects/" + project.id() + "/edit").with(user(observer))).andExpect(status().isForbidden());
        mvc.perform(edit(project, "越权修改", "1500").with(user(observer))).andExpect(status().isForbidden());
        mvc.perform(get("/projects/new").with(user(observer))).andExpect(status().isForbidden());
    }

    @Test
    void aWordWhereTheListExpectsANumberAnswersBadRequest() throws Exception {
        TestFixtures.County county = fixtures.county("参数");

        assertThat(page(get("/projects").param("minInvestment", "abc"), coordinatorOf(county), 400)).contains("输入有误");
    }

    @Test
    void htmxRequestGetsOnlyTheResultsTable() throws Exception {
        TestFixtures.County county = fixtures.county("片段");
        ProjectDetails project = fixtures.project("片段项目" + fixtures.unique(), county.region(), "1200");

        String fragment = page(get("/projects").param("q", project.name()).header("HX-Request", "true"),
                coordinatorOf(county), 200);

        assertThat(fragment).contains("id=\"results\"", project.name()).doesNotContain("<nav class=\"navbar", "id=\"filters\"");
        String restored = page(get("/projects").param("q", project.name()).header("HX-Request", "true")
                .header("HX-History-Restore-Request", "true"), coordinatorOf(county), 200);
        assertThat(restored).contains("<nav class=\"navbar", "id=\"filters\"", project.name());
    }

    @Test
    void coordinatorCreatesAProjectThroughTheForm() throws Exception {
        TestFixtures.County county = fixtures.county("新建");
        CurrentUser coordinator = coordinatorOf(county);
        String name = "新建物流园" + fixtures.unique();
        assertThat(page(get("/projects/new"), coordinator, 200)).contains("id=\"project-form\"", county.town().name());

        String location = mvc.perform(post("/projects").with(csrf()).with(user(coordinator))
                        .param("name", name).param("ownerName", "新建物流" + fixtures.unique() + "有限公司")
                        .param("regionId", String.valueOf(county.town().id())).param("nature", "NEW")
                        .param("category", "INFRASTRUCTURE").param("totalInvestment", "52000")
                        .param("stage", "SIGNED").param("_manufacturing", "on"))
                .andExpect(status().isFound()).andReturn().getResponse().getRedirectedUrl();

        assertThat(page(get(location), coordinator, 200))
                .contains(name, "签约落地", "基础设施", "52,000", "5.2 亿元", "5亿元以上（市政府牵头）", county.town().name());
    }

    @Test
    void newFormWithMissingFieldsMarksEachAndKeepsWhatWasTyped() throws Exception {
        TestFixtures.County county = fixtures.county("缺项");

        String html = page(post("/projects").with(csrf()).param("name", "只填了名称").param("regionId", "")
                .param("totalInvestment", "").param("_manufacturing", "on"), coordinatorOf(county), 400);

        assertThat(html).contains("value=\"只填了名称\"", "此项必填", "地区不存在");
    }

    @Test
    void countyUserGetsNotFoundForAnotherCountysProject() throws Exception {
        TestFixtures.County mine = fixtures.county("本县");
        TestFixtures.County other = fixtures.county("邻县");
        ProjectDetails foreign = fixtures.project("邻县机密项目" + fixtures.unique(), other.region(), "3000");
        CurrentUser coordinator = coordinatorOf(mine);

        mvc.perform(get("/projects/" + foreign.id()).with(user(coordinator))).andExpect(status().isNotFound());
        mvc.perform(get("/projects/" + foreign.id() + "/edit").with(user(coordinator))).andExpect(status().isNotFound());
        mvc.perform(get("/regions/" + other.region().id()).with(user(coordinator))).andExpect(status().isNotFound());
        assertThat(page(get("/projects"), coordinator, 200)).doesNotContain(foreign.name());
        String link = "href=\"/projects/" + foreign.id() + "\"";
        assertThat(page(get("/projects").param("q", foreign.name()), coordinator, 200))
                .doesNotContain(link).contains("共 0 项", "id=\"no-results\"");
        assertThat(page(get("/projects").param("q", foreign.code()), coordinator, 200))
                .doesNotContain(link, foreign.name()).contains("共 0 项");
    }

    @Test
    void projectPageShowsTheFieldsTheHistoryAndTheAuditTrail() throws Exception {
        TestFixtures.County county = fixtures.county("详情");
        ProjectDetails project = fixtures.project("详情项目" + fixtures.unique(), county.region(), "23517.5");
        CurrentUser coordinator = coordinatorOf(county);

        String html = page(get("/projects/" + project.id()), coordinator, 200);

        assertThat(html).contains("id=\"project-name\"", project.name(), project.code(), project.ownerName(),
                "23,517.5", "2.35", "谋划储备", "id=\"history\"", "入库", "id=\"audit\"", "id=\"edit-project\"",
                "id=\"transition-form\"");
    }

    @Test
    void editWithAnAmountBelowTheThresholdShowsTheFieldErrorAndKeepsTheInput() throws Exception {
        TestFixtures.County county = fixtures.county("门槛");
        ProjectDetails project = fixtures.project("门槛项目" + fixtures.unique(), county.region(), "1500");
        CurrentUser coordinator = coordinatorOf(county);

        String html = page(edit(project, "改名后的项目", "100"), coordinator, 400);

        assertThat(html).contains("总投资须不低于500万元才能纳入重点项目库", "is-invalid", "value=\"改名后的项目\"", "value=\"100\"");
        assertThat(queries.get(project.id(), coordinator.scope()).name()).isEqualTo(project.name());
    }

    @Test
    void editWithAWordForTheAmountNamesTheField() throws Exception {
        TestFixtures.County county = fixtures.county("格式");
        ProjectDetails project = fixtures.project("格式项目" + fixtures.unique(), county.region(), "1500");

        String html = page(edit(project, project.name(), "abc"), coordinatorOf(county), 400);

        assertThat(html).contains("总投资（万元） 的值“abc”无效", "value=\"abc\"");
    }

    @Test
    void editSavesAndRedirectsToTheProjectPage() throws Exception {
        TestFixtures.County county = fixtures.county("保存");
        ProjectDetails project = fixtures.project("保存项目" + fixtures.unique(), county.region(), "1500");
        CurrentUser coordinator = coordinatorOf(county);

        mvc.perform(edit(project, project.name() + "二期", "2600").with(user(coordinator)))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/projects/" + project.id()));

        String html = page(get("/projects/" + project.id()), coordinator, 200);
        assertThat(html).contains(project.name() + "二期", "2,600", "总投资（万元）", "1500", "2600");
    }

    @Test
    void staleVersionOnEditAnswersConflictWithTheStaleMessage() throws Exception {
        TestFixtures.County county = fixtures.county("并发");
        ProjectDetails project = fixtures.project("并发项目" + fixtures.unique(), county.region(), "1500");
        CurrentUser coordinator = coordinatorOf(county);
        mvc.perform(edit(project, project.name() + "（甲改）", "1600").with(user(coordinator))).andExpect(status().isFound());

        String html = page(edit(project, project.name() + "（乙改）", "1700"), coordinator, 409);

        assertThat(html).contains("该记录已被他人修改，请刷新后重试", "id=\"stale-alert\"", "value=\"" + project.name() + "（乙改）\"");
        assertThat(queries.get(project.id(), coordinator.scope()).name()).isEqualTo(project.name() + "（甲改）");
    }

    @Test
    void illegalTransitionIsShownOnTheProjectPage() throws Exception {
        TestFixtures.County county = fixtures.county("阶段");
        ProjectDetails project = fixtures.project("阶段项目" + fixtures.unique(), county.region(), "1500");

        String html = page(post("/projects/" + project.id() + "/transitions").with(csrf())
                .param("to", "COMPLETED").param("version", String.valueOf(project.version())), coordinatorOf(county), 400);

        assertThat(html).contains("项目不能从“谋划储备”转为“竣工投产”");
    }

    @Test
    void transitionMovesTheStageAndShowsItInTheHistory() throws Exception {
        TestFixtures.County county = fixtures.county("推进");
        ProjectDetails project = fixtures.project("推进项目" + fixtures.unique(), county.region(), "1500");
        CurrentUser coordinator = coordinatorOf(county);

        mvc.perform(post("/projects/" + project.id() + "/transitions").with(csrf()).with(user(coordinator))
                        .param("to", "SIGNED").param("note", "签约仪式"))
                .andExpect(status().isFound());

        assertThat(page(get("/projects/" + project.id()), coordinator, 200)).contains("签约落地", "签约仪式");
    }

    @Test
    void transitionOnAStalePageIsRefusedWithTheStaleMessage() throws Exception {
        TestFixtures.County county = fixtures.county("旧页");
        ProjectDetails project = fixtures.project("旧页项目" + fixtures.unique(), county.region(), "1500");
        CurrentUser coordinator = coordinatorOf(county);
        mvc.perform(edit(project, project.name() + "（已改）", "1500").with(user(coordinator))).andExpect(status().isFound());

        String html = page(post("/projects/" + project.id() + "/transitions").with(csrf())
                .param("to", "SIGNED").param("version", String.valueOf(project.version())), coordinator, 409);

        assertThat(html).contains("id=\"transition-errors\"", "该记录已被他人修改");
        assertThat(queries.get(project.id(), coordinator.scope()).stage()).isEqualTo(Stage.RESERVE);
    }

    @Test
    void englishSwitchShowsEnglishLabels() throws Exception {
        TestFixtures.County county = fixtures.county("语言");
        ProjectDetails project = fixtures.project("语言项目" + fixtures.unique(), county.region(), "1500");
        CurrentUser coordinator = coordinatorOf(county);

        String list = page(get("/projects").param("lang", "en").param("q", project.name()), coordinator, 200);
        String show = page(get("/projects/" + project.id()).param("lang", "en"), coordinator, 200);

        assertThat(list).contains("Project name", "1 in all", "Reserve").doesNotContain("项目名称");
        assertThat(show).contains("Lifecycle history", "Change history");
    }

    @Test
    void regionPersonAndListPagesRender() throws Exception {
        TestFixtures.County county = fixtures.county("地区页");
        CurrentUser coordinator = coordinatorOf(county);
        var leader = fixtures.user(Role.LEADER, county.region(), null);
        ProjectDetails project = fixtures.project("地区页项目" + fixtures.unique(), county.town(), "1500");
        mvc.perform(edit(project, project.name(), "1500").param("leaderId", String.valueOf(leader.id())).with(user(coordinator)))
                .andExpect(status().isFound());

        assertThat(page(get("/regions"), coordinator, 200)).contains(county.region().name(), county.town().name());
        assertThat(page(get("/regions/" + county.region().id()), coordinator, 200)).contains(project.name(), "共 1 项");
        assertThat(page(get("/people/" + leader.id()), coordinator, 200)).contains(leader.displayName(), project.name());
        assertThat(page(get("/lists"), coordinator, 200)).contains("集中开工");
    }

    private static int rows(String html) {
        return html.split("class=\"project-row\"", -1).length - 1;
    }

    private CurrentUser coordinatorOf(TestFixtures.County county) {
        return fixtures.login(fixtures.user(Role.COORDINATOR, county.region(), null).username());
    }

    private MockHttpServletRequestBuilder edit(ProjectDetails project, String name, String investment) {
        MockHttpServletRequestBuilder post = post("/projects/" + project.id()).with(csrf());
        Map<String, String> values = ProjectPageController.values(project.toForm());
        values.remove("ownerId");
        values.put("name", name);
        values.put("totalInvestment", investment);
        values.forEach(post::param);
        return post;
    }

    private String page(MockHttpServletRequestBuilder request, CurrentUser as, int expectedStatus) throws Exception {
        return mvc.perform(request.with(user(as)))
                .andExpect(status().is(expectedStatus))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}

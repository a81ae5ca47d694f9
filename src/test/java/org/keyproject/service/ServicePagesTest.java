package org.keyproject.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.TestFixtures.County;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The service pages as a commissioner at the site uses them: the quick form, the ledger, the lists, the project's card. */
@IntegrationTest
class ServicePagesTest {

    @Autowired ServiceRequests api;
    @Autowired TestFixtures fixtures;
    @Autowired MockMvc mvc;

    @Test
    void theQuickFormPreselectsASiteVisitTodayAndTheProjectAndSavingItLeadsToTheLedger() throws Exception {
        County county = fixtures.county("手机");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        UserAccount commissioner = fixtures.user(Role.COMMISSIONER, county.region(), null);
        String name = "手机项目" + fixtures.unique();
        long project = api.project(coordinator, name, county.region(), null, null, commissioner.id());
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();

        String form = page(get("/services/new").param("projectId", String.valueOf(project)), commissioner, 200);
        assertThat(form).contains("<option value=\"SITE_VISIT\" selected=\"selected\">现场走访</option>",
                "value=\"" + today + "\"", "<option value=\"" + project + "\" selected=\"selected\">" + name + "</option>");

        MvcResult saved = mvc.perform(post("/services").with(csrf()).with(user(fixtures.login(commissioner.username())))
                .param("projectId", String.valueOf(project)).param("kind", "SITE_VISIT").param("servedOn", today)
                .param("content", "察看厂房基础施工")).andReturn();
        assertThat(saved.getResponse().getStatus()).isEqualTo(302);
        assertThat(saved.getResponse().getRedirectedUrl()).startsWith("/services?logged=");

        String ledger = page(get(saved.getResponse().getRedirectedUrl()), commissioner, 200);
        assertThat(ledger).contains("服务记录已保存", "察看厂房基础施工", name, "id=\"service-stats\"");
    }

    @Test
    void aFormWithoutWhatWasDoneIsRefusedNamingTheFieldInChineseAndKeepsWhatWasTyped() throws Exception {
        County county = fixtures.county("表单");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        long project = api.project(coordinator, "表单项目" + fixtures.unique(), county.region(), null, null, null);

        MvcResult refused = mvc.perform(post("/services").with(csrf()).with(user(fixtures.login(coordinator.username())))
                .param("projectId", String.valueOf(project)).param("kind", "SITE_VISIT").param("servedOn", "2099-01-01")
                .param("content", " ")).andReturn();

        assertThat(refused.getResponse().getStatus()).isEqualTo(400);
        String page = refused.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("服务内容：此项必填", "服务日期不能晚于今天", "value=\"2099-01-01\"");
        assertThat(api.answer(api.send(get("/api/v1/services").param("projectId", String.valueOf(project)), coordinator, ""), 200)
                .get("total").asInt()).isZero();
    }

    @Test
    void aCountyUserGetsNotFoundForTheFormOrCardOfAnotherCountysProject() throws Exception {
        County mine = fixtures.county("页本县");
        County other = fixtures.county("页外县");
        UserAccount me = fixtures.user(Role.COORDINATOR, mine.region(), null);
        UserAccount theirs = fixtures.user(Role.COORDINATOR, other.region(), null);
        long project = api.project(theirs, "页外县项目" + fixtures.unique(), other.region(), null, null, null);

        page(get("/services/new").param("projectId", String.valueOf(project)), me, 404);
        page(get("/projects/{id}/promises", project), me, 404);
        MvcResult refused = mvc.perform(post("/services").with(csrf()).with(user(fixtures.login(me.username())))
                .param("projectId", String.valueOf(project)).param("kind", "CONTACT").param("content", "联系")).andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void theProjectPageLoadsThePromiseCardAndTheBrokenPromisesAndLeadersPagesShowThem() throws Exception {
        County county = fixtures.county("卡片");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        UserAccount leader = fixtures.user(Role.LEADER, county.region(), null);
        long department = api.department("卡片", county.region());
        String name = "卡片项目" + fixtures.unique();
        long project = api.project(coordinator, name, county.region(), leader.id(), department, null);
        api.sign(coordinator, project, LocalDate.of(2026, 9, 30));
        api.log(coordinator, project, ServiceKind.SITE_VISIT, LocalDate.of(2026, 10, 9), "");

        assertThat(page(get("/projects/{id}", project), coordinator, 200))
                .contains("hx-get=\"/projects/" + project + "/promises\"");
        String card = page(get("/projects/{id}/promises", project), coordinator, 200);
        assertThat(card).contains("服务承诺（2026-09-30 签约落地）", "2个工作日内现场踏勘", "限 2026-10-09 前",
                "data-kind=\"SITE_SURVEY\" data-state=\"KEPT\"", "data-kind=\"COMMISSIONER_NAMED\" data-state=\"LATE\"");

        String broken = page(get("/services/promises").param("broken", "true").param("departmentId", String.valueOf(department)),
                coordinator, 200);
        assertThat(broken).contains("未兑现的服务承诺", name, "1个工作日内明确项目专员", "已逾期")
                .doesNotContain("2个工作日内现场踏勘");

        String leaders = page(get("/services/leaders").param("month", "2026-10"), coordinator, 200);
        assertThat(leaders).contains("领导到现场不足", "data-leader=\"" + leader.id() + "\"", "0 / 2");
        String english = page(get("/services/leaders").param("month", "2026-10").param("lang", "en"), coordinator, 200);
        assertThat(english).contains("Leaders short of site visits");
    }

    private String page(MockHttpServletRequestBuilder request, UserAccount as, int status) throws Exception {
        MvcResult result = mvc.perform(request.with(user(fixtures.login(as.username())))).andReturn();
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(status);
        return body;
    }
}

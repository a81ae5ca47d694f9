package org.keyproject.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.Role;
import org.keyproject.region.Regions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@IntegrationTest
class LedgerPagesTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestFixtures fixtures;
    @Autowired
    Regions regions;
    @Autowired
    JdbcClient jdbc;

    @Test
    void uploadShowsThePreviewAndConfirmImportsTheStoredFile() throws Exception {
        TestFixtures.County county = fixtures.county("页面");
        String u = fixtures.unique();
        CurrentUser me = fixtures.login(fixtures.user(Role.COORDINATOR, regions.root().orElseThrow(), null).username());
        byte[] file = Workbooks.xlsx(s -> s
                .row("2026年重点项目")
                .row("项目名称", "建设单位", "县区", "总投资（亿元）", "年度计划投资（万元）", "建设性质", "项目类别", "备注")
                .row("页面项目" + u, "页面公司" + u, county.region().name(), 1.2, 3000, "续建", "产业", "无"));

        String form = body(mvc.perform(get("/ledger").with(user(me))).andReturn());
        assertThat(form).contains("ledger-upload", "hx-indicator");

        String preview = body(mvc.perform(multipart("/ledger/preview").file(new MockMultipartFile("file", "台账.xlsx",
                LedgerDownloads.XLSX, file)).with(user(me)).with(csrf())).andReturn());
        assertThat(preview).contains("总投资（亿元）", "亿元", "备注", "ledger-confirm");
        assertThat(jdbc.sql("SELECT count(*) FROM project WHERE name = ?").param("页面项目" + u).query(Long.class).single()).isZero();
        Matcher uploadId = Pattern.compile("name=\"uploadId\" value=\"([0-9a-f-]{36})\"").matcher(preview);
        assertThat(uploadId.find()).isTrue();

        String result = body(mvc.perform(post("/ledger/confirm").param("uploadId", uploadId.group(1)).param("year", "2026")
                .with(user(me)).with(csrf())).andReturn());
        assertThat(result).contains("ledger-done", "页面项目" + u, "/projects/");
        assertThat(jdbc.sql("SELECT total_investment FROM project WHERE name = ?").param("页面项目" + u)
                .query(java.math.BigDecimal.class).single()).isEqualByComparingTo("12000");
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_upload WHERE id = ?::uuid").param(uploadId.group(1))
                .query(Long.class).single()).isZero();
    }

    static String body(MvcResult result) throws Exception {
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}

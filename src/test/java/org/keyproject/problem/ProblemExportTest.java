package org.keyproject.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.mock.web.MockHttpServletResponse;

/** 清单制: GET /api/v1/exports/problems read back with POI against the API's list, in the caller's scope. */
@IntegrationTest
class ProblemExportTest {

    private static final String OPEN = "state=RAISED&state=ASSIGNED&state=IN_PROGRESS&state=ANSWERED";

    @Autowired ProblemLoop loop;
    @Autowired TestFixtures fixtures;
    @Autowired MockMvc mvc;

    @Test
    void theExportHoldsEveryOpenProblemOfTheListWithOwnerRaiserDeadlineOverdueAndFlagsAndNoOtherCountys() throws Exception {
        ProblemLoop.Cast c = loop.cast("清单");
        loop.inState(c, ProblemState.RAISED);
        long listed = loop.inState(c, ProblemState.ASSIGNED);
        loop.http().read(loop.http().send(post("/api/v1/problems/{id}/listing", listed), c.coordinator(),
                "{\"listed\": true, \"version\": %d}".formatted(loop.problem(listed, c.coordinator()).get("version").asInt())));
        long overdue = loop.inState(c, ProblemState.IN_PROGRESS);
        loop.deadline(overdue, "2026-04-02");
        loop.inState(c, ProblemState.ANSWERED);
        long direct = loop.raise(c, "FUNDING", true).get("id").asLong();
        long closed = loop.inState(c, ProblemState.CLOSED);
        ProblemLoop.Cast other = loop.cast("清单外");
        long elsewhere = loop.inState(other, ProblemState.ASSIGNED);

        List<List<String>> sheet = rows(export(c.coordinator(), ""));
        JsonNode list = loop.http().read(loop.http().send(get("/api/v1/problems?size=200&" + OPEN), c.coordinator(), ""));

        assertThat(sheet).hasSize(list.get("total").asInt()).hasSize(5);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < sheet.size(); i++) {
            JsonNode item = list.get("items").get(i);
            List<String> row = sheet.get(i);
            ids.add(item.get("id").asLong());
            assertThat(row.get(0)).isEqualTo(String.valueOf(i + 1));
            assertThat(row.get(1)).isEqualTo(item.get("title").asText());
            assertThat(row.get(2)).isEqualTo(item.get("projectName").asText());
            assertThat(row.get(3)).isEqualTo(item.get("regionName").asText());
            assertThat(row.get(6)).isEqualTo(item.get("departmentName").asText(""));
            assertThat(row.get(7)).as("the raiser").isEqualTo(c.commissioner().displayName());
            assertThat(row.get(9)).isEqualTo(item.get("deadline").asText(""));
            assertThat(row.get(10)).isEqualTo(item.get("overdue").asText());
            assertThat(row.get(11)).isEqualTo(item.get("listed").asBoolean() ? "是" : "");
            assertThat(row.get(12)).isEqualTo(item.get("directLine").asBoolean() ? "是" : "");
            assertThat(row.get(8)).isEqualTo(LocalDate.now(ProblemQueries.ZONE).toString());
        }
        assertThat(ids).contains(listed, overdue, direct).doesNotContain(closed, elsewhere);
        List<String> overdueRow = sheet.get(ids.indexOf(overdue));
        assertThat(Integer.parseInt(overdueRow.get(10))).isPositive();
        assertThat(overdueRow.get(5)).isEqualTo("办理中");
        assertThat(overdueRow.get(4)).isEqualTo("用地");

        List<List<String>> onlyListed = rows(export(c.coordinator(), "listed=true"));
        assertThat(onlyListed).hasSize(1);
        assertThat(onlyListed.get(0).get(11)).isEqualTo("是");
        List<List<String>> department = rows(export(c.handlerA(), ""));
        assertThat(department).as("a handler exports its department's problems").hasSize(3);

        UserAccount stranger = fixtures.user(Role.COORDINATOR, other.county().region(), null);
        List<String> strangers = rows(export(stranger, "")).stream().map(r -> r.get(2)).toList();
        assertThat(strangers).contains(other.project().name()).doesNotContain(c.project().name());

        String page = mvc.perform(get("/problems").with(user(fixtures.login(c.coordinator().username()))))
                .andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("导出清单", "href=\"/problems/export", "href=\"/problems/statistics\"");
    }

    private MockHttpServletResponse export(UserAccount who, String query) throws Exception {
        MockHttpServletResponse response = loop.http().send(get("/api/v1/exports/problems?" + query), who, "")
                .andExpect(status().isOk()).andReturn().getResponse();
        assertThat(response.getContentType()).startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(response.getHeader("Content-Disposition")).contains("attachment");
        return response;
    }

    /** The rows under the title and header, each cell as Excel shows it. */
    private static List<List<String>> rows(MockHttpServletResponse response) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        DataFormatter shown = new DataFormatter();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(response.getContentAsByteArray()))) {
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getRow(1).getCell(1).getStringCellValue()).isEqualTo("问题");
            for (int r = 2; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                List<String> cells = new ArrayList<>();
                for (int col = 0; col < 13; col++) {
                    Cell cell = row.getCell(col);
                    cells.add(cell == null ? "" : shown.formatCellValue(cell));
                }
                rows.add(cells);
            }
        }
        return rows;
    }
}

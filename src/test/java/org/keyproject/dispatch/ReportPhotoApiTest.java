package org.keyproject.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.TestFixtures.County;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.keyproject.project.ListEntryForm;
import org.keyproject.project.ListLevel;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.Projects;
import org.keyproject.project.Stage;
import org.keyproject.project.YearTarget;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@IntegrationTest
class ReportPhotoApiTest {

    @Autowired MockMvc http;
    @Autowired TestFixtures fixtures;
    @Autowired ObjectMapper json;
    @Autowired JdbcClient jdbc;
    @Autowired Projects projects;

    @Test
    void pngIsStoredWithAThumbnailAtMost240Wide() throws Exception {
        Setup s = setup("照片");
        JsonNode photo = json.readTree(upload(s.enterprise, s, "site.png", png(800, 600)).andExpect(status().isCreated())
                .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/api/v1/report-photos/")))
                .andReturn().getResponse().getContentAsString());
        assertThat(photo.get("contentType").asText()).isEqualTo("image/png");
        assertThat(photo.get("filename").asText()).isEqualTo("site.png");
        long id = photo.get("id").asLong();

        byte[] thumbnail = http.perform(get("/api/v1/report-photos/{id}/thumbnail", id).with(basic(s.enterprise)))
                .andExpect(status().isOk()).andExpect(header().string("Content-Type", "image/jpeg"))
                .andReturn().getResponse().getContentAsByteArray();
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail));
        assertThat(small.getWidth()).isEqualTo(240);
        assertThat(small.getHeight()).isEqualTo(180);
        byte[] original = http.perform(get("/api/v1/report-photos/{id}", id).with(basic(s.coordinator)))
                .andExpect(status().isOk()).andExpect(header().string("Content-Type", "image/png"))
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(original).isEqualTo(png(800, 600));
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE entity_type = 'report_photo' AND entity_id = ?")
                .param(id).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void textFileNamedJpgIsRefusedWithAFieldErrorWhateverItsDeclaredType() throws Exception {
        Setup s = setup("假图");
        MockMultipartFile fake = new MockMultipartFile("photo", "site.jpg", "image/jpeg", "不是照片".getBytes(StandardCharsets.UTF_8));
        http.perform(multipart("/api/v1/periods/{id}/reports/{p}/photos", s.period, s.project.id()).file(fake).with(basic(s.enterprise)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("photo"))
                .andExpect(jsonPath("$.errors[0].message").value("只能上传JPEG或PNG格式的照片（“site.jpg”不是）"));
        assertThat(jdbc.sql("SELECT count(*) FROM report_photo ph JOIN progress_report pr ON pr.id = ph.report_id WHERE pr.project_id = ?")
                .param(s.project.id()).query(Long.class).single()).isZero();
    }

    @Test
    void anotherEnterpriseGetsNotFoundForThePhotoAndForUploading() throws Exception {
        Setup s = setup("他企");
        long id = json.readTree(upload(s.enterprise, s, "site.png", png(300, 200)).andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString()).get("id").asLong();
        UserAccount stranger = fixtures.user(Role.ENTERPRISE, s.county.region(), fixtures.enterprise("他企", s.county.region()));

        http.perform(get("/api/v1/report-photos/{id}", id).with(basic(stranger))).andExpect(status().isNotFound());
        http.perform(get("/api/v1/report-photos/{id}/thumbnail", id).with(basic(stranger))).andExpect(status().isNotFound());
        upload(stranger, s, "mine.png", png(100, 100)).andExpect(status().isNotFound());
    }

    @Test
    void photoIsRefusedOnceThePeriodIsClosed() throws Exception {
        Setup s = setup("关账照片");
        http.perform(post("/api/v1/periods/{id}/close", s.period).with(basic(s.coordinator))).andExpect(status().isOk());
        upload(s.enterprise, s, "late.png", png(100, 100)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("periodId"));
    }

    // ---- helpers ----

    private record Setup(County county, UserAccount coordinator, UserAccount enterprise, ProjectDetails project, long period) {
    }

    /** An enterprise's listed project with a saved draft in a January period opened by the county coordinator. */
    private Setup setup(String name) throws Exception {
        County county = fixtures.county(name);
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        long owner = fixtures.enterprise(name, county.region());
        UserAccount enterprise = fixtures.user(Role.ENTERPRISE, county.region(), owner);
        ProjectDetails project = fixtures.projectWithOwner(fixtures.form(name + "项目" + fixtures.unique(), county.town(), "2000")
                .withStage(Stage.CONSTRUCTION, null), owner);
        long list = projects.listFor(2026, ListLevel.COUNTY, county.region().id(), fixtures.admin()).id();
        projects.putOnList(project.id(), new ListEntryForm(list, new BigDecimal("1000"), YearTarget.CONTINUE, null), fixtures.admin());
        long period = json.readTree(http.perform(post("/api/v1/periods").with(basic(coordinator)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"year\": 2026, \"cadence\": \"MONTHLY\", \"month\": 1}")).andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString()).get("id").asLong();
        http.perform(put("/api/v1/periods/{id}/reports/{p}", period, project.id()).with(basic(enterprise))
                .contentType(MediaType.APPLICATION_JSON).content("{\"periodAmount\": 10}")).andExpect(status().isOk());
        return new Setup(county, coordinator, enterprise, project, period);
    }

    private ResultActions upload(UserAccount as, Setup s, String filename, byte[] bytes) throws Exception {
        return http.perform(multipart("/api/v1/periods/{id}/reports/{p}/photos", s.period, s.project.id())
                .file(new MockMultipartFile("photo", filename, "image/png", bytes)).with(basic(as)));
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor basic(UserAccount as) {
        return httpBasic(as.username(), TestFixtures.PASSWORD);
    }

    static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(30, 120, 200));
        g.fillRect(0, 0, width, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}

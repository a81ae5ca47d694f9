package org.keyproject.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

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
    @Autowired
    LedgerJobs jobs;
    @Autowired
    LedgerUploads uploads;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void uploadShowsAProgressBarThatPollsTheJobUntilThePreviewAndConfirmImportsTheStoredFile() throws Exception {
        TestFixtures.County county = fixtures.county("页面");
        String u = fixtures.unique();
        CurrentUser me = coordinator();
        byte[] file = Workbooks.xlsx(s -> s
                .row("2026年重点项目")
                .row("项目名称", "建设单位", "县区", "总投资（亿元）", "年度计划投资（万元）", "建设性质", "项目类别", "备注")
                .row("页面项目" + u, "页面公司" + u, county.region().name(), 1.2, 3000, "续建", "产业", "无"));

        String form = body(mvc.perform(get("/ledger").with(user(me))).andReturn());
        assertThat(form).contains("ledger-upload", "hx-indicator");

        String progress = body(mvc.perform(multipart("/ledger/preview").file(new MockMultipartFile("file", "台账.xlsx",
                LedgerDownloads.XLSX, file)).header("HX-Request", "true").with(user(me)).with(csrf())).andReturn());
        assertThat(progress).contains("class=\"progress", "role=\"progressbar\"", "aria-valuemin=\"0\"",
                "aria-valuemax=\"100\"", "aria-valuenow=\"", "hx-trigger=\"every 500ms\"", "hx-swap=\"outerHTML\"",
                "台账.xlsx", "http-equiv=\"refresh\"");
        String job = jobUrl(progress);

        String preview = finished(job, me);
        assertThat(preview).contains("2026年清单", "总投资（亿元）", "亿元", "备注", "ledger-confirm", "将新增 1 个项目")
                .doesNotContain("role=\"progressbar\"");
        assertThat(jdbc.sql("SELECT count(*) FROM project WHERE name = ?").param("页面项目" + u).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT state || ' ' || percent || ' ' || (report ->> 'created') FROM ledger_job WHERE id = ?::uuid")
                .param(jobId(job)).query(String.class).single()).isEqualTo("DONE 100 1");
        Matcher uploadId = Pattern.compile("name=\"uploadId\" value=\"([0-9a-f-]{36})\"").matcher(preview);
        assertThat(uploadId.find()).isTrue();

        // the confirm form is a plain post: it lands on the job's own page, which polls the same way
        MvcResult confirmed = mvc.perform(post("/ledger/confirm").param("uploadId", uploadId.group(1)).param("year", "2026")
                .with(user(me)).with(csrf())).andReturn();
        assertThat(confirmed.getResponse().getStatus()).isEqualTo(302);
        String importJob = confirmed.getResponse().getRedirectedUrl();
        assertThat(importJob).matches("/ledger/jobs/[0-9a-f-]{36}");

        String result = finished(importJob, me);
        assertThat(result).contains("ledger-done", "页面项目" + u, "/projects/");
        assertThat(jdbc.sql("SELECT total_investment FROM project WHERE name = ?").param("页面项目" + u)
                .query(java.math.BigDecimal.class).single()).isEqualByComparingTo("12000");
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_upload WHERE id = ?::uuid").param(uploadId.group(1))
                .query(Long.class).single()).isZero();
        assertThat(body(mvc.perform(get(importJob).with(user(me))).andReturn())).contains("ledger-done", "台账.xlsx");
    }

    @Test
    void anotherUsersJobIsNotFound() throws Exception {
        CurrentUser me = coordinator();
        UUID job = jobs.start(me.id(), uploads.store(me.id(), "私有.xlsx", new byte[] {1}), LedgerJobs.Kind.PREVIEW,
                new LedgerImport.Options(2026, false, true));
        CurrentUser other = coordinator();

        assertThat(mvc.perform(get("/ledger/jobs/" + job).header("HX-Request", "true").with(user(other)))
                .andReturn().getResponse().getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get("/ledger/jobs/" + job).with(user(me))).andReturn().getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void theJobRunsInTheUploadersLanguageAndAPreviewWithErrorsDropsItsUpload() throws Exception {
        CurrentUser me = coordinator();
        String u = fixtures.unique();
        byte[] file = Workbooks.xlsx(s -> s
                .row("项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "项目类别")
                .row("语言项目" + u, "语言公司" + u, "无此区" + u, 1000, 300, "续建", "产业"));

        String english = finished(jobUrl(body(mvc.perform(multipart("/ledger/preview").file(new MockMultipartFile("file",
                "ledger.xlsx", LedgerDownloads.XLSX, file)).param("year", "2026").header("Accept-Language", "en")
                .header("HX-Request", "true").with(user(me)).with(csrf())).andReturn())), me);
        String chinese = finished(jobUrl(body(mvc.perform(multipart("/ledger/preview").file(new MockMultipartFile("file",
                "ledger.xlsx", LedgerDownloads.XLSX, file)).param("year", "2026")
                .header("HX-Request", "true").with(user(me)).with(csrf())).andReturn())), me);

        assertThat(english).contains("No region &quot;无此区" + u + "&quot;").doesNotContain("ledger-confirm");
        assertThat(chinese).contains("地区“无此区" + u + "”不存在").doesNotContain("ledger-confirm");
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_job WHERE user_id = ? AND upload_id IS NULL AND state = 'DONE'")
                .param(me.id()).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void withoutJavaScriptTheJobPageRefreshesItselfAndAJobWhoseNodeStoppedReadsAsFailed() throws Exception {
        CurrentUser me = coordinator();
        UUID job = jobs.start(me.id(), uploads.store(me.id(), "等待.xlsx", new byte[] {1}), LedgerJobs.Kind.IMPORT,
                new LedgerImport.Options(2026, false, false));

        String waiting = body(mvc.perform(get("/ledger/jobs/" + job).with(user(me))).andReturn());
        assertThat(waiting).contains("<meta http-equiv=\"refresh\" content=\"2\">", "排队等待… 0%", "台账导入结果", "<nav");

        jdbc.sql("UPDATE ledger_job SET updated_at = now() - interval '3 minutes' WHERE id = ?").param(job).update();
        String stopped = body(mvc.perform(get("/ledger/jobs/" + job).header("HX-Request", "true").with(user(me))).andReturn());
        assertThat(stopped).contains("台账处理未能完成").doesNotContain("progressbar");
    }

    @Test
    void aProgressWrittenInsideTheImportsTransactionIsSeenByOthersAtOnceAndOutlivesItsRollback() throws Exception {
        CurrentUser me = coordinator();
        UUID job = jobs.start(me.id(), uploads.store(me.id(), "进度.xlsx", new byte[] {1}), LedgerJobs.Kind.PREVIEW,
                new LedgerImport.Options(2026, false, true));
        LedgerImport.Progress progress = jobs.progress(job);

        String seenMeanwhile = new TransactionTemplate(transactions).execute(status -> {
            progress.at(45, "ledger.phase.check");
            status.setRollbackOnly();
            // another thread has no transaction of its own: it reads through another connection
            return CompletableFuture.supplyAsync(() -> jdbc.sql("SELECT percent || ' ' || phase FROM ledger_job WHERE id = ?")
                    .param(job).query(String.class).single()).join();
        });

        assertThat(seenMeanwhile).isEqualTo("45 ledger.phase.check");
        assertThat(jdbc.sql("SELECT percent FROM ledger_job WHERE id = ?").param(job).query(Integer.class).single())
                .isEqualTo(45);
    }

    @Test
    void progressIsWrittenAtMostEveryQuarterSecondButAlwaysOnANewPhaseAndAtTheEnd() {
        CurrentUser me = coordinator();
        UUID job = jobs.start(me.id(), uploads.store(me.id(), "节流.xlsx", new byte[] {1}), LedgerJobs.Kind.PREVIEW,
                new LedgerImport.Options(2026, false, true));
        AtomicLong nanos = new AtomicLong();
        LedgerImport.Progress progress = jobs.progress(job, nanos::get);
        Supplier<String> row = () -> jdbc.sql("SELECT percent || ' ' || phase FROM ledger_job WHERE id = ?").param(job)
                .query(String.class).single();

        progress.at(30, "ledger.phase.check");
        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        progress.at(40, "ledger.phase.check");
        assertThat(row.get()).isEqualTo("30 ledger.phase.check");

        nanos.addAndGet(Duration.ofMillis(200).toNanos());
        progress.at(41, "ledger.phase.check");
        assertThat(row.get()).isEqualTo("41 ledger.phase.check");

        nanos.addAndGet(Duration.ofMillis(10).toNanos());
        progress.at(50, "ledger.phase.apply");
        assertThat(row.get()).isEqualTo("50 ledger.phase.apply");

        nanos.addAndGet(Duration.ofMillis(10).toNanos());
        progress.at(100, "ledger.phase.done");
        assertThat(row.get()).isEqualTo("100 ledger.phase.done");
    }

    private CurrentUser coordinator() {
        return fixtures.login(fixtures.user(Role.COORDINATOR, regions.root().orElseThrow(), null).username());
    }

    /** Polls the job as the progress bar does until it answers something else than the bar. */
    private String finished(String jobUrl, CurrentUser me) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            String answer = body(mvc.perform(get(jobUrl).header("HX-Request", "true").with(user(me))).andReturn());
            if (!answer.contains("role=\"progressbar\"")) {
                return answer;
            }
            assertThat(System.nanoTime()).as("the job at %s is still running", jobUrl).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static String jobUrl(String progressFragment) {
        Matcher url = Pattern.compile("hx-get=\"(/ledger/jobs/[0-9a-f-]{36})\"").matcher(progressFragment);
        assertThat(url.find()).as("a progress fragment polling its job").isTrue();
        return url.group(1);
    }

    private static String jobId(String jobUrl) {
        return jobUrl.substring(jobUrl.lastIndexOf('/') + 1);
    }

    static String body(MvcResult result) throws Exception {
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}

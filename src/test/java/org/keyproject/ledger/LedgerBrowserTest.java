package org.keyproject.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyproject.HeadlessChromium;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.people.Role;
import org.keyproject.region.Regions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A coordinator uploads a ledger in headless Chromium, watches the progress bar, sees the preview,
 * confirms, watches the import's progress and finds the projects.
 */
@IntegrationTest
class LedgerBrowserTest {


    @LocalServerPort
    int port;
    @Autowired
    TestFixtures fixtures;
    @Autowired
    Regions regions;

    HeadlessChromium chromium;
    WebDriver browser;

    @BeforeEach
    void startBrowser() {
        chromium = HeadlessChromium.start(1400, 2400);
        browser = chromium.driver();
    }

    @AfterEach
    void stopBrowser() {
        chromium.close();
    }

    @Test
    void coordinatorUploadsALedgerWatchesItsProgressSeesThePreviewConfirmsAndFindsTheProjects() throws Exception {
        TestFixtures.County county = fixtures.county("浏览");
        String u = fixtures.unique();
        String username = fixtures.user(Role.COORDINATOR, regions.root().orElseThrow(), null).username();
        Path file = Files.createTempFile("ledger", ".xlsx");
        // enough rows that the preview and the import take a few seconds each
        int more = 300;
        Files.write(file, Workbooks.xlsx(s -> {
            s.row("2026年重点项目清单")
                    .row("序号", "项目名称", "建设单位", "县区", "总投资（亿元）", "年度计划投资（万元）", "建设性质", "项目类别", "备注")
                    .row(1, "浏览器项目甲" + u, "浏览器公司" + u, county.region().name(), 2.3517, 5000, "续建", "工业", "无")
                    .row(2, "浏览器项目乙" + u, "浏览器公司" + u, county.region().name(), 0.5, 1000, "续建", "基础设施");
            for (int i = 1; i <= more; i++) {
                s.row(2 + i, "浏览器批量项目" + i + "号" + u, "浏览器公司" + u, county.region().name(), 0.06, 100, "续建", "工业");
            }
            s.row("合计", null, null, null, new BigDecimal("2.8517").add(new BigDecimal("0.06").multiply(BigDecimal.valueOf(more)))
                    .doubleValue(), 6000 + 100 * more);
        }));
        WebDriverWait wait = chromium.waiting(Duration.ofSeconds(90));
        WebDriverWait glance = new WebDriverWait(browser, Duration.ofSeconds(10), Duration.ofMillis(50));

        browser.get("http://localhost:" + port + "/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(TestFixtures.PASSWORD);
        browser.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));

        browser.get("http://localhost:" + port + "/ledger");
        browser.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
        browser.findElement(By.id("year")).clear();
        browser.findElement(By.id("ledger-submit")).click();

        assertThat(progressShown(glance)).endsWith("%");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ledger-confirm")));
        assertThat(browser.findElements(By.cssSelector("#ledger-job .progress"))).isEmpty();
        assertThat(browser.findElement(By.id("ledger-columns")).getText()).contains("总投资（亿元）", "亿元");
        assertThat(browser.findElement(By.id("ledger-ignored")).getText()).contains("备注");
        assertThat(browser.getCurrentUrl()).endsWith("/ledger");

        browser.findElement(By.id("ledger-confirm")).submit();

        assertThat(progressShown(glance)).endsWith("%");
        assertThat(browser.getCurrentUrl()).contains("/ledger/jobs/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("ledger-done")));
        String projects = browser.findElement(By.id("ledger-projects")).getText();
        assertThat(projects).contains("浏览器项目甲" + u, "浏览器项目乙" + u, "浏览器批量项目" + more + "号" + u);
        assertThat(browser.findElements(By.cssSelector("#ledger-projects a[href*='/projects/']"))).hasSize(more + 2);
        Files.deleteIfExists(file);
    }

    /** Waits for the job's progress bar, checks that it tells its value, and answers its status line. */
    private String progressShown(WebDriverWait glance) {
        WebElement bar = glance.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#ledger-job .progress[role=progressbar]")));
        String status = browser.findElement(By.id("ledger-job-status")).getText();
        assertThat(Integer.parseInt(bar.getDomAttribute("aria-valuenow"))).isBetween(0, 100);
        assertThat(bar.getDomAttribute("aria-valuemax")).isEqualTo("100");
        return status;
    }
}

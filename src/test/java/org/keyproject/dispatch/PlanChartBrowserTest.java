package org.keyproject.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyproject.HeadlessChromium;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.keyproject.project.ProjectDetails;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** On a phone, the project page loads the milestone chart and ECharts draws it, late milestones marked. */
@IntegrationTest
class PlanChartBrowserTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    @LocalServerPort int port;
    @Autowired TestFixtures fixtures;
    @Autowired Plans plans;

    private HeadlessChromium chromium;
    private WebDriver driver;
    private WebDriverWait wait;

    @BeforeEach
    void startBrowser() {
        chromium = HeadlessChromium.start(390, 844);
        driver = chromium.driver();
        wait = chromium.waiting(Duration.ofSeconds(20));
    }

    @AfterEach
    void stopBrowser() {
        chromium.close();
    }

    @Test
    void projectPageDrawsTheMilestoneChartOnAPhoneWithTheLateMilestoneInRed() throws IOException {
        TestFixtures.County county = fixtures.county("挂图");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails project = fixtures.project("挂图作战项目" + fixtures.unique(), county.town(), "5000");
        plans.create(project.id(), new PlanForm(TODAY.getYear(), java.math.BigDecimal.valueOf(100), null, null, null, null, List.of(
                new Milestone("START", null, TODAY.minusDays(10)), new Milestone("COMPLETION", null, TODAY.plusDays(200))),
                null), fixtures.login(coordinator.username()));

        driver.get("http://localhost:" + port + "/login?lang=zh_CN");
        driver.findElement(By.id("username")).sendKeys(coordinator.username());
        driver.findElement(By.id("password")).sendKeys(TestFixtures.PASSWORD);
        driver.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.urlContains("/projects"));
        driver.get("http://localhost:" + port + "/projects/" + project.id());

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#milestone-chart canvas")));
        ((JavascriptExecutor) driver).executeScript("document.getElementById('milestone-chart').scrollIntoView({block: 'center', behavior: 'instant'});");
        Number width = (Number) ((JavascriptExecutor) driver).executeScript(
                "return document.querySelector('#milestone-chart canvas').getBoundingClientRect().width;");
        assertThat(width.doubleValue()).isGreaterThan(200).isLessThanOrEqualTo(390);
        assertThat(driver.findElement(By.cssSelector("#milestone-table tr[data-key='START']")).getAttribute("class")).contains("late");
        assertThat(driver.findElement(By.cssSelector("#milestone-table tr[data-key='COMPLETION']")).getAttribute("class")).doesNotContain("late");

        Path shot = Path.of("target", "screenshots", "milestone-chart-phone.png");
        Files.createDirectories(shot.getParent());
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
    }
}

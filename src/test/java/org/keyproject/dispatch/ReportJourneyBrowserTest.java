package org.keyproject.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyproject.HeadlessChromium;
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
import org.keyproject.region.Regions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * On a phone: an enterprise submits its report with a site photo, the county returns it with a
 * reason, the enterprise reads the reason, corrects and resubmits, the county approves and the city
 * confirms.
 */
@IntegrationTest
class ReportJourneyBrowserTest {

    @LocalServerPort int port;
    @Autowired TestFixtures fixtures;
    @Autowired Projects projects;
    @Autowired Periods periods;
    @Autowired Regions regions;

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
    void enterpriseReportIsReturnedCorrectedAndConfirmedByCountyAndCityOnAPhone() throws IOException {
        County county = fixtures.county("旅程");
        UserAccount countyCoordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        UserAccount cityCoordinator = fixtures.user(Role.COORDINATOR, regions.root().orElseThrow(), null);
        long owner = fixtures.enterprise("旅程", county.region());
        UserAccount enterprise = fixtures.user(Role.ENTERPRISE, county.region(), owner);
        ProjectDetails project = fixtures.projectWithOwner(fixtures.form("旅程项目" + fixtures.unique(), county.town(), "2000")
                .withStage(Stage.CONSTRUCTION, null), owner);
        long list = projects.listFor(2026, ListLevel.COUNTY, county.region().id(), fixtures.admin()).id();
        projects.putOnList(project.id(), new ListEntryForm(list, new BigDecimal("1000"), YearTarget.CONTINUE, null), fixtures.admin());
        long period = periods.open(new Periods.NewPeriod(2026, Period.Cadence.MONTHLY, 1, null, null, null),
                fixtures.login(countyCoordinator.username())).id();
        Path photo = Files.createTempFile("site", ".png");
        Files.write(photo, ReportPhotoApiTest.png(640, 480));
        String reportPage = "/periods/" + period + "/reports/" + project.id();

        signIn(enterprise);
        driver.get(url("/reports"));
        click(By.cssSelector(".report-period[data-period='" + period + "'] a.report-row[data-project='" + project.id() + "']"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("report-form")));
        assertThat(state()).isEqualTo("NONE");
        type(By.id("amount"), "10");
        ((JavascriptExecutor) driver).executeScript("document.getElementById('startedOn').value = '2026-01-05';");
        type(By.id("progressPercent"), "5");
        type(By.id("imageProgress"), "基础施工完成");
        click(By.id("report-save"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("photo-form")));
        driver.findElement(By.id("photo")).sendKeys(photo.toAbsolutePath().toString());
        click(By.id("photo-upload"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("img.report-thumbnail")));
        click(By.id("report-submit"));
        waitForState("SUBMITTED");

        signIn(countyCoordinator);
        driver.get(url("/reports?state=SUBMITTED"));
        click(By.cssSelector("a.report-row[data-project='" + project.id() + "']"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("review-form")));
        click(By.id("review-return"));
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".invalid-feedback[data-field='reason']")))
                .getText()).isEqualTo("退回须填写原因");
        type(By.id("reason"), "本期投资与发票不符，请核实");
        click(By.id("review-return"));
        waitForState("RETURNED");

        signIn(enterprise);
        driver.get(url(reportPage));
        assertThat(driver.findElement(By.id("report-returned-reason")).getText()).isEqualTo("本期投资与发票不符，请核实");
        type(By.id("amount"), "12");
        click(By.id("report-submit"));
        waitForState("SUBMITTED");
        assertThat(driver.findElement(By.id("summary-period")).getText()).isEqualTo("12.00");

        signIn(countyCoordinator);
        driver.get(url(reportPage));
        click(By.id("review-approve"));
        waitForState("COUNTY_REVIEWED");

        signIn(cityCoordinator);
        driver.get(url(reportPage));
        click(By.id("review-approve"));
        waitForState("CITY_CONFIRMED");
        assertThat(driver.findElement(By.id("report-state")).getText()).isEqualTo("市级已确认");
        assertThat(driver.findElements(By.id("review-form"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector("#report-history .history-step"))).hasSize(3);
        WebElement thumbnail = driver.findElement(By.cssSelector("img.report-thumbnail"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", thumbnail);
        wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
                "return arguments[0].complete ? arguments[0].naturalWidth : 0;", thumbnail)).intValue() == 240);
        Number pageWidth = (Number) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollWidth;");
        assertThat(pageWidth.intValue()).isLessThanOrEqualTo(390);

        Path shot = Path.of("target", "screenshots", "report-journey-phone.png");
        Files.createDirectories(shot.getParent());
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        Files.delete(photo);
    }

    private void signIn(UserAccount user) {
        driver.manage().deleteAllCookies();
        driver.get(url("/login?lang=zh_CN"));
        driver.findElement(By.id("username")).sendKeys(user.username());
        driver.findElement(By.id("password")).sendKeys(TestFixtures.PASSWORD);
        driver.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.urlContains("/projects"));
    }

    private void click(By by) {
        WebElement element = wait.until(ExpectedConditions.presenceOfElementLocated(by));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
        wait.until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    private void type(By by, String text) {
        WebElement element = driver.findElement(by);
        element.clear();
        element.sendKeys(text);
    }

    private String state() {
        return driver.findElement(By.id("report-state")).getAttribute("data-state");
    }

    private void waitForState(String state) {
        wait.until(ExpectedConditions.attributeToBe(By.id("report-state"), "data-state", state));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}

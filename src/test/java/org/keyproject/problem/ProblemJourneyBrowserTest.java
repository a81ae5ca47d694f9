package org.keyproject.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyproject.HeadlessChromium;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.people.UserAccount;
import org.keyproject.problem.ProblemLoop.Cast;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The problem loop on a phone (390 × 844): a commissioner raises a problem from the project page, the
 * coordinator assigns it to a department, the department's handler starts and answers it, the
 * commissioner rejects the answer with a reason, the handler answers again, the commissioner accepts,
 * and the problem counts as closed, on the page and in the API. Every page fits the phone's width.
 */
@IntegrationTest
class ProblemJourneyBrowserTest {

    private static final int PHONE_WIDTH = 390;

    @LocalServerPort int port;
    @Autowired ProblemLoop loop;

    private HeadlessChromium chromium;
    private WebDriver driver;
    private WebDriverWait wait;

    @BeforeEach
    void startBrowser() {
        chromium = HeadlessChromium.start(PHONE_WIDTH, 844);
        driver = chromium.driver();
        wait = chromium.waiting(Duration.ofSeconds(20));
    }

    @AfterEach
    void stopBrowser() {
        chromium.close();
    }

    @Test
    void aProblemRaisedOnAPhoneIsAnsweredRejectedAnsweredAgainAndClosed() throws Exception {
        Cast c = loop.cast("掌上");

        signIn(c.commissioner());
        driver.get(url("/projects/" + c.project().id()));
        click(By.id("raise-problem"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("raise-form")));
        fitsThePhone();
        new Select(driver.findElement(By.id("p-category"))).selectByValue("UTILITIES");
        type(By.id("p-title"), "供电线路未接入");
        type(By.id("p-description"), "项目变电站外线工程尚未完成，无法正式用电");
        click(By.id("raise-submit"));
        waitForState("RAISED");
        long id = Long.parseLong(driver.getCurrentUrl().replaceAll(".*/problems/(\\d+).*", "$1"));
        String problemPage = "/problems/" + id;
        fitsThePhone();

        signIn(c.coordinator());
        driver.get(url(problemPage));
        new Select(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("assign-department"))))
                .selectByValue(String.valueOf(c.departmentA()));
        click(By.id("submit-ASSIGN"));
        waitForState("ASSIGNED");
        fitsThePhone();

        signIn(c.handlerA());
        driver.get(url("/problems"));
        fitsThePhone();
        click(By.cssSelector("a.problem-row[data-problem='" + id + "']"));
        click(By.id("submit-START"));
        waitForState("IN_PROGRESS");
        answer("已协调供电公司，正在办理接电手续");

        signIn(c.commissioner());
        driver.get(url(problemPage));
        assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("problem-answer"))).getText())
                .contains("已协调供电公司，正在办理接电手续");
        type(By.id("reason-REJECT"), "尚未实际通电，请明确送电时间");
        click(By.id("submit-REJECT"));
        waitForState("IN_PROGRESS");

        signIn(c.handlerA());
        driver.get(url(problemPage));
        answer("外线工程已完工，项目已正式送电");

        signIn(c.commissioner());
        driver.get(url(problemPage));
        click(By.id("submit-ACCEPT"));
        waitForState("CLOSED");
        assertThat(driver.findElement(By.id("problem-state")).getText()).isEqualTo("已销号");
        List<String> actions = driver.findElements(By.cssSelector("#problem-steps .problem-step")).stream()
                .map(step -> step.getAttribute("data-action")).toList();
        assertThat(actions).containsExactly("RAISE", "ASSIGN", "START", "ANSWER", "REJECT", "ANSWER", "ACCEPT");
        assertThat(driver.findElement(By.id("problem-steps")).getText()).contains("尚未实际通电，请明确送电时间");
        assertThat(driver.findElements(By.cssSelector("form.problem-action"))).isEmpty();
        fitsThePhone();
        screenshot("problem-journey-phone.png");

        assertThat(loop.listed(c.commissioner(), "state=CLOSED")).contains(id);
        assertThat(loop.listed(c.handlerA(), "state=CLOSED")).contains(id);
        assertThat(loop.listed(c.commissioner(), "state=ANSWERED&state=IN_PROGRESS")).doesNotContain(id);
    }

    private void answer(String text) {
        type(By.id("answer-text"), text);
        click(By.id("submit-ANSWER"));
        waitForState("ANSWERED");
        fitsThePhone();
    }

    /** No horizontal scrolling, and the buttons of the page lie within the phone's width. */
    private void fitsThePhone() {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        assertThat(((Number) js.executeScript("return document.documentElement.scrollWidth;")).intValue())
                .as("page width of %s", driver.getCurrentUrl()).isLessThanOrEqualTo(PHONE_WIDTH);
        Number widest = (Number) js.executeScript("""
                return Math.max(0, ...Array.from(document.querySelectorAll('main button, main .btn'))
                    .filter(b => b.offsetParent !== null).map(b => b.getBoundingClientRect().right));""");
        assertThat(widest.doubleValue()).as("buttons of %s", driver.getCurrentUrl()).isLessThanOrEqualTo(PHONE_WIDTH);
    }

    private void signIn(UserAccount user) {
        driver.manage().deleteAllCookies();
        driver.get(url("/login?lang=zh_CN"));
        driver.findElement(By.id("username")).sendKeys(user.username());
        driver.findElement(By.id("password")).sendKeys(TestFixtures.PASSWORD);
        driver.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    private void click(By by) {
        WebElement element = wait.until(ExpectedConditions.presenceOfElementLocated(by));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
        wait.until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    private void type(By by, String text) {
        WebElement element = wait.until(ExpectedConditions.presenceOfElementLocated(by));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
        element.clear();
        element.sendKeys(text);
    }

    private void waitForState(String state) {
        wait.until(ExpectedConditions.attributeToBe(By.id("problem-state"), "data-state", state));
    }

    private void screenshot(String name) throws Exception {
        Path shot = Path.of("target", "screenshots", name);
        Files.createDirectories(shot.getParent());
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}

package org.keyproject.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A county coordinator finds a project by a fragment of its name, edits it and sees the change recorded. */
@IntegrationTest
class ProjectPagesBrowserTest {


    @LocalServerPort
    int port;
    @Autowired
    TestFixtures fixtures;

    private HeadlessChromium chromium;
    private WebDriver driver;
    private WebDriverWait wait;

    @BeforeEach
    void startBrowser() {
        chromium = HeadlessChromium.start(1280, 1000);
        driver = chromium.driver();
        wait = chromium.waiting(Duration.ofSeconds(20));
    }

    @AfterEach
    void stopBrowser() {
        chromium.close();
    }

    @Test
    void coordinatorFindsEditsAndSeesTheChangeInTheAuditTrail() throws IOException {
        TestFixtures.County county = fixtures.county("浏览器");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        String fragment = fixtures.unique();
        ProjectDetails wanted = fixtures.project("智能装备产业园" + fragment, county.region(), "18000");
        ProjectDetails other = fixtures.project("污水处理厂提标改造", county.town(), "3200");

        logIn(coordinator.username());
        open("/projects");
        wait.until(d -> rows().size() == 2);

        WebElement q = driver.findElement(By.id("filter-q"));
        q.sendKeys(fragment);
        q.sendKeys(Keys.ENTER);
        wait.until(d -> rows().size() == 1 && d.findElement(By.id("result-total")).getText().equals("共 1 项"));
        assertThat(driver.getCurrentUrl()).endsWith("/projects?q=" + fragment);
        WebElement row = rows().get(0);
        assertThat(row.getText()).contains(wanted.name(), "18,000").doesNotContain(other.name());

        row.findElement(By.className("project-link")).click();
        wait.until(ExpectedConditions.textToBe(By.id("project-name"), wanted.name()));

        click(By.id("edit-project"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("project-form")));
        String newName = "智能装备产业园（一期）" + fragment;
        replace(By.id("name"), newName);
        replace(By.id("totalInvestment"), "23517.5");
        click(By.id("save-project"));

        wait.until(ExpectedConditions.textToBe(By.id("project-name"), newName));
        assertThat(driver.getCurrentUrl()).endsWith("/projects/" + wanted.id());
        assertThat(driver.findElement(By.id("project-investment-wan")).getText()).isEqualTo("23,517.5 万元");
        assertThat(driver.findElement(By.id("project-investment-yi")).getText()).isEqualTo("(2.35 亿元)");
        WebElement audit = driver.findElement(By.id("audit"));
        assertThat(audit.getText()).contains("修改", "项目名称", wanted.name(), newName, "总投资（万元）", "18000", "23517.5");
    }

    @Test
    void listIsUsableOnAPhone() throws IOException {
        TestFixtures.County county = fixtures.county("手机");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        fixtures.project("高标准农田建设" + fixtures.unique(), county.region(), "5600");
        fixtures.project("城区供热管网改造" + fixtures.unique(), county.town(), "12500");

        driver.manage().window().setSize(new Dimension(390, 844));
        logIn(coordinator.username());
        open("/projects");
        wait.until(d -> rows().size() == 2);
        assertThat(driver.findElement(By.id("filters-toggle")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("filter-q")).isDisplayed()).isFalse();

        Path shot = Path.of("target", "screenshots", "list-phone.png");
        Files.createDirectories(shot.getParent());
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        assertThat(shot).exists();

        driver.findElement(By.id("filters-toggle")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("filter-q")));
    }

    /** Logs in through the login page, in Chinese whatever language the browser asks for. */
    private void logIn(String username) {
        open("/login?lang=zh_CN");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(TestFixtures.PASSWORD);
        driver.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.urlContains("/projects"));
    }

    private void open(String path) {
        driver.get("http://localhost:" + port + path);
    }

    private List<WebElement> rows() {
        return driver.findElements(By.cssSelector("#project-table tr.project-row"));
    }

    /** Bootstrap scrolls smoothly; bring the element to the middle at once so the click lands on it. */
    private void click(By locator) {
        WebElement element = driver.findElement(locator);
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
        wait.until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    private void replace(By field, String text) {
        WebElement input = driver.findElement(field);
        input.clear();
        input.sendKeys(text);
    }
}

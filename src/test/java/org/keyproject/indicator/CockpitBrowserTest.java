package org.keyproject.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyproject.indicator.ImportedLists.lines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyproject.HeadlessChromium;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.indicator.ImportedLists.Line;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.keyproject.region.RegionBoundaries;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;

/**
 * On a phone, a leader opens the cockpit, taps a figure and lands on exactly the projects behind it; on a
 * wall screen the same cockpit shows its headline figures side by side.
 */
@IntegrationTest
class CockpitBrowserTest {

    @LocalServerPort int port;
    @Autowired MockMvc mvc;
    @Autowired TestFixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired RegionBoundaries boundaries;

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
    void tappingTheStartedFigureOnAPhoneListsExactlyTheStartedProjects() throws Exception {
        TestFixtures.County county = fixtures.county("看板");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ImportedLists imports = new ImportedLists(mvc, county.region(), coordinator.username(), fixtures.unique());
        // 12 projects: 7 new of which 4 started, 5 continuing of which 3 resumed
        List<Line> list = lines("看板", 12, 7, 240_000, 60_000, 4, 3, 21_000, 2026, 5);
        imports.load(2026, "2026-06", list);
        jdbc.sql("UPDATE project SET longitude = 121.50, latitude = 41.10 WHERE name LIKE :prefix")
                .param("prefix", "看板%" + "%").update();
        boundaries.upload(county.region().id(), """
                {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "%s"},
                 "geometry": {"type": "Polygon", "coordinates": [[[121.4, 41.0], [121.6, 41.0], [121.6, 41.2], [121.4, 41.2], [121.4, 41.0]]]}}]}
                """.formatted(county.town().name()), null);
        Set<String> started = list.stream().filter(l -> l.startState().startsWith("已")).map(imports::projectName)
                .collect(Collectors.toSet());

        driver.get(url("/login?lang=zh_CN"));
        driver.findElement(By.id("username")).sendKeys(coordinator.username());
        driver.findElement(By.id("password")).sendKeys(TestFixtures.PASSWORD);
        driver.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.urlContains("/projects"));
        driver.get(url("/cockpit?regionId=%d&year=2026&period=2026-06".formatted(county.region().id())));

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#trend-chart canvas")));
        Number width = (Number) ((JavascriptExecutor) driver).executeScript(
                "return document.querySelector('#trend-chart canvas').getBoundingClientRect().width;");
        assertThat(width.doubleValue()).isGreaterThan(200).isLessThanOrEqualTo(390);
        Number page = (Number) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollWidth;");
        assertThat(page.intValue()).as("no sideways scrolling of the page").isLessThanOrEqualTo(390);
        assertThat(driver.findElement(By.id("figure-started")).getText()).isEqualTo("已开复工 7 个");
        screenshot("cockpit-phone.png");

        // the map (一张图) is drawn over the town's boundary, and can be coloured by 序时进度 instead of stage
        WebElement map = driver.findElement(By.id("map-chart"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", map);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#map-chart canvas")));
        Number mapWidth = (Number) ((JavascriptExecutor) driver).executeScript(
                "return document.querySelector('#map-chart canvas').getBoundingClientRect().width;");
        assertThat(mapWidth.doubleValue()).isGreaterThan(200).isLessThanOrEqualTo(390);
        assertThat(painted("#map-chart canvas")).as("pixels painted on the map").isGreaterThan(100);
        driver.findElement(By.cssSelector("label[for='map-colour-position']")).click();
        wait.until(d -> ((JavascriptExecutor) d).executeScript(
                "return echarts.getInstanceByDom(document.getElementById('map-chart')).getOption().series[0].name;")
                .equals("达到序时进度"));
        assertThat((Number) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollWidth;"))
                .satisfies(w -> assertThat(w.intValue()).isLessThanOrEqualTo(390));
        screenshot("cockpit-phone-map.png");

        WebElement figure = driver.findElement(By.id("figure-started"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", figure);
        wait.until(ExpectedConditions.elementToBeClickable(figure)).click();

        wait.until(ExpectedConditions.urlContains("/indicators/projects"));
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("figure-value"))).getText()).isEqualTo("7");
        assertThat(driver.findElement(By.id("figure-heading")).getText()).contains("已开复工项目");
        Set<String> listed = driver.findElements(By.cssSelector("#figure-project-table tbody tr td:nth-child(2) a")).stream()
                .map(WebElement::getText).collect(Collectors.toSet());
        assertThat(listed).isEqualTo(started);

        // on a wall screen the six headline tiles stand in one row
        driver.manage().window().setSize(new Dimension(1920, 1080));
        driver.navigate().back();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#trend-chart canvas")));
        Set<Integer> rows = driver.findElements(By.cssSelector("#headline .tile")).stream()
                .map(tile -> tile.getRect().getY()).collect(Collectors.toSet());
        assertThat(rows).hasSize(1);
        screenshot("cockpit-wall.png");
    }

    /** How many pixels of a canvas are not transparent. */
    private long painted(String selector) {
        return ((Number) ((JavascriptExecutor) driver).executeScript("""
                var c = document.querySelector(arguments[0]);
                var data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                var n = 0;
                for (var i = 3; i < data.length; i += 4) { if (data[i] > 0) { n++; } }
                return n;""", selector)).longValue();
    }

    private void screenshot(String name) throws IOException {
        Path shot = Path.of("target", "screenshots", name);
        Files.createDirectories(shot.getParent());
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}

package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.contactlookup.sandbox.DemoContacts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The guide's page in a real browser: Debian's Chromium, driven through its own chromedriver so
 * that nothing is downloaded. Screenshots go to {@code target/screenshots/}.
 */
class LookupPageBrowserIT {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static AppUnderTest app;
    private static ChromeDriver browser;
    private static Path profile;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "install Debian's chromium and chromium-driver (the test command does this as root)");
        app = AppUnderTest.start("sandbox");
        AppUnderTest.awaitHealth(app.tomcat, 200);
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1000,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    private static void screenshot(String name) throws Exception {
        Path folder = Files.createDirectories(Path.of("target", "screenshots"));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void personFillsInTheFormAndReadsTheResult() throws Exception {
        browser.get(app.tomcat.base().toString());
        assertEquals("Look up a contact · Contact lookup", browser.getTitle());
        browser.findElement(By.id("email")).sendKeys(DemoContacts.SHARED);
        browser.findElement(By.id("first")).sendKeys("Alex");
        browser.findElement(By.id("last")).sendKeys("Lee");
        screenshot("lookup-form.png");
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        WebElement result = new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("result")));
        assertEquals("Found 2 contacts with the email address family@example.com", result.getText());
        List<String> rows = browser.findElements(By.cssSelector("tbody tr")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("7 Sam Lee family@example.com differs", "9 Alex Lee family@example.com matches"), rows);
        screenshot("lookup-result.png");
    }

    @Test
    void markupInANameShowsAsTextAndRunsNothing() throws Exception {
        browser.get(app.tomcat.base().toString());
        browser.findElement(By.id("email")).sendKeys(DemoContacts.MARKUP);
        browser.findElement(By.id("first")).sendKeys("Bob");
        browser.findElement(By.id("last")).sendKeys("Smith");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(By.id("result")));
        List<WebElement> cells = browser.findElements(By.cssSelector("tbody td"));
        assertEquals("<b>Bobby</b> & \"Bob\"", cells.get(1).getText());
        assertEquals("O'Brien <script>alert(1)</script>", cells.get(2).getText());
        assertTrue(browser.findElements(By.cssSelector("tbody b, tbody script")).isEmpty(), "no element was made from the name");
        screenshot("lookup-markup.png");
    }
}

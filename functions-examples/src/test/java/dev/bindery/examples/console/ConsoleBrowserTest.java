package dev.bindery.examples.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.bindery.cli.Bindery;

/**
 * The console page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}): it lists the
 * example's functions, shows events sent with the {@code bindery} CLI as they happen, and its invoke form shows the
 * function's reply. A failed test leaves a screenshot and the page's HTML in {@code target/console-failure/}.
 */
@QuarkusTest
class ConsoleBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static ChromeDriver browser;

    @TestHTTPResource("/")
    URL app;

    @RegisterExtension
    final TestWatcher screenshots = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            saveFailure(context.getDisplayName());
        }
    };

    @BeforeAll
    static void startBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("bindery.test.chromium", "/usr/bin/chromium"));
        // headless, and able to run as root in a container (CI)
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1100");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("bindery.test.chromedriver", "/usr/bin/chromedriver"))
                        .toFile())
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theConsoleListsTheFunctionsShowsEventsSentWithTheCliLiveAndInvokesAFunction() {
        browser.get(app.toString() + "q/bindery/console");
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(page -> !page.findElements(By.cssSelector("#functions tr[data-name='greet']")).isEmpty());
        wait.until(page -> "live".equals(page.findElement(By.id("status")).getAttribute("data-state")));

        int before = greetRows().size();
        Bindery.Execution run = Bindery.execute("invoke", "greet", "--app", app.toString(), "--data",
                "{\"name\":\"Ada\"}");
        assertThat(run.exitCode()).as("bindery invoke greet: %s", run).isZero();
        assertThat(run.out()).as("the CLI prints the reply").contains("Hello, Ada!");
        wait.until(page -> greetRows().size() > before);
        WebElement newest = greetRows().get(0);
        assertThat(newest.getText()).as("the newest greet event, shown without reloading the page")
                .contains("http").contains("greet");

        new Select(browser.findElement(By.id("invoke-function"))).selectByValue("greet");
        WebElement data = browser.findElement(By.id("invoke-data"));
        data.clear();
        data.sendKeys("{\"name\":\"Grace\"}");
        browser.findElement(By.id("invoke-send")).click();
        wait.until(page -> page.findElement(By.id("invoke-status")).getText().startsWith("200"));
        assertThat(browser.findElement(By.id("invoke-body")).getText()).contains("Hello, Grace!");
        assertThat(browser.findElement(By.id("invoke-headers")).getText()).as("the reply event's attributes")
                .contains("ce-type").contains("greet.output");
        wait.until(page -> greetRows().size() > before + 1);
        // what the README's screenshot (docs/console.png) is taken from
        save(Path.of("target", "console"), "console");
    }

    private static List<WebElement> greetRows() {
        return browser.findElements(By.cssSelector("#events tbody tr[data-function='greet']"));
    }

    private static void saveFailure(String test) {
        if (browser != null) {
            save(Path.of("target", "console-failure"), test.replaceAll("[^A-Za-z0-9]+", "-"));
        }
    }

    /** Saves a screenshot of the page and its HTML as {@code <dir>/<name>.png} and {@code .html}. */
    private static void save(Path target, String name) {
        try {
            Path dir = Files.createDirectories(target);
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), dir.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve(name + ".html"), browser.getPageSource(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            ByteArrayOutputStream trace = new ByteArrayOutputStream();
            e.printStackTrace(new PrintStream(trace, true, StandardCharsets.UTF_8));
            System.err.println("Could not save the console's screenshot: " + trace);
        }
    }
}

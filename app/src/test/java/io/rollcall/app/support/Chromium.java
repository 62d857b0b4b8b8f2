package io.rollcall.app.support;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.remote.RemoteWebDriver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, for the console's browser tests. Nothing is
 * downloaded: the binaries are found on the machine ({@code CHROMIUM_BIN} and {@code CHROMEDRIVER_BIN} override
 * the usual paths) and handed to Selenium, so its driver manager never runs.
 * <p>
 * Without them the tests are skipped with a message saying how to install them, unless {@code REQUIRE_BROWSER}
 * is set (CI sets it), which turns a missing browser into a failure.
 */
public final class Chromium implements AutoCloseable {

    public static final String INSTALL_HINT = "apt-get install chromium chromium-driver";

    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private final Path browser;
    private final ChromeDriverService service;

    private Chromium(Path browser, Path driver) {
        this.browser = browser;
        this.service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile())
                .usingAnyFreePort()
                .withSilent(true)
                .build();
        try {
            service.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The browser, or the test is skipped (failed when REQUIRE_BROWSER is set) with a message saying why. */
    public static Chromium startOrSkip() {
        Optional<Path> browser = find("CHROMIUM_BIN", BROWSERS);
        Optional<Path> driver = find("CHROMEDRIVER_BIN", DRIVERS);
        if (browser.isEmpty() || driver.isEmpty()) {
            String missing = (browser.isEmpty() ? "chromium " : "") + (driver.isEmpty() ? "chromedriver" : "");
            String message = "Browser tests need Debian's headless Chromium and its driver; not found: "
                    + missing.trim() + ". Install them with `" + INSTALL_HINT
                    + "` (or set CHROMIUM_BIN and CHROMEDRIVER_BIN).";
            if (required()) {
                Assertions.fail(message + " REQUIRE_BROWSER is set, so this is a failure, not a skip.");
            }
            Assumptions.abort(message + " Skipped.");
        }
        return new Chromium(browser.get(), driver.get());
    }

    static boolean required() {
        String value = System.getenv("REQUIRE_BROWSER");
        if (value == null) {
            value = System.getProperty("rollcall.require-browser");
        }
        return value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false");
    }

    private static Optional<Path> find(String variable, List<String> candidates) {
        String configured = System.getenv(variable);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /** A new browser (its own profile: its own sessionStorage) with the window size given, saving files in a folder. */
    public WebDriver open(int width, int height, Path downloads) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        // the flags this machine kind needs: no sandbox as root, and no background calls to hosts it cannot reach
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-first-run", "--disable-quic",
                "--force-device-scale-factor=1", "--lang=en-US", "--window-size=" + width + "," + height);
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toAbsolutePath().toString(),
                "download.prompt_for_download", false,
                "download.directory_upgrade", true));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        // a session of the shared driver process: quitting it closes its browser, not the driver
        RemoteWebDriver driver = new RemoteWebDriver(service.getUrl(), options);
        driver.manage().window().setSize(new Dimension(width, height));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /** What the page wrote to the browser's console as errors (script errors, refused loads, policy violations). */
    public static List<String> consoleErrors(WebDriver driver) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    @Override
    public void close() {
        service.stop();
    }
}

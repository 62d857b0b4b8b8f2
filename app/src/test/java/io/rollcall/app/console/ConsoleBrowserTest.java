package io.rollcall.app.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.Chromium;
import io.rollcall.app.support.RollcallTest;
import io.rollcall.app.support.SocketClient;
import io.rollcall.app.support.TcpProxy;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.opentest4j.TestAbortedException;
import org.springframework.boot.test.web.server.LocalServerPort;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in real headless Chromium: a teacher and two students, each in a browser of their own (the
 * students at phone width, one of them behind a TCP proxy that the test cuts). Everything is driven and checked
 * through what is on the screen. With {@code CONSOLE_SCREENSHOTS=<folder>} it also saves the README's
 * screenshots there.
 */
@RollcallTest
class ConsoleBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CLASS_NAME = "Biology 7B";
    private static final String ADA = "Ada Okafor";
    private static final String BEN = "Ben Lindqvist";
    private static final String CHEN = "Chen Carter";
    private static final String PASSWORD = "secret123";

    private static Chromium chromium;
    private static String unavailable;
    private final List<WebDriver> drivers = new ArrayList<>();

    @LocalServerPort
    int port;

    @TempDir
    Path downloads;

    @BeforeAll
    static void browser() {
        try {
            chromium = Chromium.startOrSkip();
        } catch (TestAbortedException e) {
            unavailable = e.getMessage(); // reported on each test below, so that the skip is counted and shown
            System.err.println(unavailable);
        }
    }

    @BeforeEach
    void needsBrowser() {
        Assumptions.assumeTrue(unavailable == null, unavailable);
    }

    @AfterAll
    static void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void aTeacherTakesAttendanceAndBothStudentsSeeItLive() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        ApiClient api = new ApiClient(port);
        try (TcpProxy benLine = new TcpProxy(port)) {
            WebDriver teacher = open(1280, 1000);
            WebDriver ada = open(390, 844);
            WebDriver ben = open(390, 844);
            String base = "http://127.0.0.1:" + port;

            // students sign up in their browsers (Ben's goes through the proxy); a third one through the API
            signUp(ada, base, ADA, "ada-" + tag + "@school.test", "student");
            signUp(ben, "http://127.0.0.1:" + benLine.port(), BEN, "ben-" + tag + "@school.test", "student");
            assertThat(api.post("/auth/signup", null, Map.of("name", CHEN, "email", "chen-" + tag + "@school.test",
                    "password", PASSWORD, "role", "student")).status()).isEqualTo(201);
            String teacherEmail = "okoro-" + tag + "@school.test";
            signUp(teacher, base, "Grace Okoro", teacherEmail, "teacher");

            // the teacher creates the class and adds the students from the search
            type(teacher, By.id("class-name"), CLASS_NAME);
            teacher.findElement(By.cssSelector("#create-class button[type=submit]")).click();
            waitHeading(teacher, CLASS_NAME);
            for (String name : List.of(ADA, BEN, CHEN)) {
                WebElement search = teacher.findElement(By.id("student-search"));
                search.clear();
                search.sendKeys(name);
                until(teacher, ExpectedConditions.elementToBeClickable(
                        By.xpath("//ul[@id='search-results']//button[normalize-space()='Add " + name + "']"))).click();
                waitText(teacher, By.id("enrolled"), name);
            }
            waitText(teacher, By.id("students-heading"), "Students (3)");

            // the students open the class: Ada finds it on her list (it comes from the server), Ben pastes the link
            String code = teacher.findElement(By.id("class-code")).getText();
            String link = teacher.findElement(By.id("class-link")).getDomProperty("value");
            assertThat(link).endsWith("/app/#/class/" + code);
            ada.navigate().refresh();
            waitHeading(ada, "Your classes");
            until(ada, ExpectedConditions.elementToBeClickable(
                    By.xpath("//ul[@id='class-list']//a[normalize-space()='" + CLASS_NAME + "']"))).click();
            waitHeading(ada, CLASS_NAME);
            joinClass(ben, link);
            for (WebDriver student : List.of(ada, ben)) {
                waitText(student, By.id("live-banner"), "No attendance session is open in this class right now.");
                waitText(student, By.id("history"), "No finished sessions yet.");
            }

            // the session: one tap per student, counts and both students' screens follow
            teacher.findElement(By.id("start-session")).click();
            until(teacher, ExpectedConditions.numberOfElementsToBe(By.cssSelector("#roster li.roster-row"), 3));
            assertCounts(teacher, 0, 0, 3);

            markButton(teacher, ADA, "present").sendKeys(Keys.ENTER); // from the keyboard
            waitPressed(teacher, ADA, "present");
            waitText(ada, By.id("live-banner"), "You are marked present");
            waitText(ben, By.id("live-banner"), "You are not marked yet");

            markButton(teacher, BEN, "present").click();
            waitPressed(teacher, BEN, "present");
            waitText(ben, By.id("live-banner"), "You are marked present");
            markButton(teacher, BEN, "absent").click(); // changing a mark
            waitPressed(teacher, BEN, "absent");
            waitText(ben, By.id("live-banner"), "You are marked absent");
            assertCounts(teacher, 1, 1, 1);
            assertThat(row(teacher, BEN).getText()).contains("Absent");
            screenshot(teacher, "teacher-roster.png");
            screenshot(ada, "student-banner.png");

            // Ben's line drops: his screen says so, reconnects by itself and follows the session again
            benLine.cut();
            waitText(ben, By.id("connection"), "Offline");
            benLine.restore();
            new WebDriverWait(ben, Duration.ofSeconds(20))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.id("connection"), "Live"));
            markButton(teacher, BEN, "present").click();
            waitPressed(teacher, BEN, "present");
            waitText(ben, By.id("live-banner"), "You are marked present");
            assertCounts(teacher, 2, 0, 1);

            // DONE: Chen, never marked, is recorded absent
            teacher.findElement(By.id("finish")).click();
            until(teacher, ExpectedConditions.elementToBeClickable(By.id("finish-confirmed"))).click();
            waitText(teacher, By.id("session-result"), "Attendance saved.");
            assertThat(teacher.findElement(By.cssSelector("#final-present .stat-value")).getText()).isEqualTo("2");
            assertThat(teacher.findElement(By.cssSelector("#final-absent .stat-value")).getText()).isEqualTo("1");
            assertThat(teacher.findElement(By.cssSelector("#final-total .stat-value")).getText()).isEqualTo("3");
            waitText(ada, By.id("live-banner"), "Attendance is finished: you were marked present.");
            waitText(ada, By.id("history-summary"), "Present in 1 of 1 session (100%).");
            waitText(ben, By.id("history-summary"), "Present in 1 of 1 session (100%).");

            // past sessions and one session's detail
            teacher.findElement(By.linkText("Past sessions")).click();
            waitText(teacher, By.cssSelector("#sessions-table tbody tr"), "Finished");
            assertThat(teacher.findElement(By.cssSelector("#sessions-table tbody tr")).getText()).contains("2 1 3");
            teacher.findElement(By.cssSelector("#sessions-table tbody tr a")).click();
            waitText(teacher, By.id("session-counts"), "2 present · 1 absent · 3 total");
            assertThat(teacher.findElement(By.id("session-students")).getText())
                    .contains(ADA + " Present", BEN + " Present", CHEN + " Absent");

            // the audit trail: every mark with what it was before, then only Ben's
            teacher.findElement(By.linkText("Audit trail")).click();
            waitText(teacher, By.id("audit-summary"), "5 marks shown");
            String trail = teacher.findElement(By.id("audit-table")).getText();
            assertThat(trail).contains(CHEN + " Absent — Automatic at finish (DONE)");
            new Select(teacher.findElement(By.id("audit-student"))).selectByVisibleText(BEN);
            waitText(teacher, By.id("audit-summary"), "3 marks shown");
            List<String> benRows = teacher.findElements(By.cssSelector("#audit-table tbody tr")).stream()
                    .map(WebElement::getText).toList();
            assertThat(benRows).hasSize(3).allSatisfy(text -> assertThat(text).contains(BEN));
            assertThat(benRows.get(0)).contains("Present Absent Teacher marked You");
            assertThat(benRows.get(1)).contains("Absent Present Teacher marked You");
            assertThat(benRows.get(2)).contains("Present — Teacher marked You");

            // two more sessions, run by another client of the same API, for the analytics
            String teacherToken = api.post("/auth/login", null, Map.of("email", teacherEmail, "password", PASSWORD))
                    .data().path("token").asText();
            Map<String, String> ids = new HashMap<>();
            for (JsonNode student : api.get("/class/" + code, teacherToken).data().path("students")) {
                ids.put(student.path("name").asText(), student.path("_id").asText());
            }
            runSession(api, teacherToken, code, Map.of(ids.get(ADA), "present", ids.get(BEN), "absent"));
            runSession(api, teacherToken, code, Map.of(ids.get(ADA), "present", ids.get(BEN), "present",
                    ids.get(CHEN), "absent"));
            waitText(ada, By.id("history-summary"), "Present in 3 of 3 sessions (100%).");
            waitText(ben, By.id("history-summary"), "Present in 2 of 3 sessions (67%).");
            screenshot(ben, "student-history.png");

            // analytics: the charts are drawn, the students below 75% listed
            teacher.findElement(By.linkText("Analytics")).click();
            waitText(teacher, By.id("analytics-summary"), "3 finished sessions.");
            String below = teacher.findElement(By.id("below-list")).getText();
            assertThat(below).contains(BEN + " 67%", CHEN + " 0%").doesNotContain(ADA);
            assertThat(teacher.findElement(By.id("student-rates")).getText())
                    .contains(ADA + " 3 3 100%", BEN + " 2 3 67%", CHEN + " 0 3 0% 3");
            for (String chart : List.of("chart-sessions", "chart-students")) {
                until(teacher, driver -> colours(driver.findElement(By.id(chart))) > 3);
            }
            teacher.manage().window().setSize(new Dimension(1280, 1500));
            screenshot(teacher, "analytics.png");

            // the CSV arrives as a file
            teacher.findElement(By.id("download-csv")).click();
            Path csv = downloads.resolve("biology-7b-attendance.csv");
            Path partial = downloads.resolve(csv.getFileName() + ".crdownload");
            until(teacher, driver -> Files.exists(csv) && !Files.exists(partial));
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            assertThat(lines.get(0)).startsWith("studentId,name,email,").endsWith(",attendanceRate");
            assertThat(lines).hasSize(4)
                    .anySatisfy(line -> assertThat(line).contains(ADA).endsWith("present,present,present,1.00"))
                    .anySatisfy(line -> assertThat(line).contains(CHEN).endsWith("absent,absent,absent,0.00"));

            // the token never shows in an address; logging out forgets it
            String token = (String) ((JavascriptExecutor) teacher)
                    .executeScript("return sessionStorage.getItem('rollcall.token')");
            assertThat(token).isNotBlank();
            for (WebDriver driver : drivers) {
                assertThat(driver.getCurrentUrl()).doesNotContain(token).doesNotContain("token");
            }
            // no script error, refused load or policy violation on the screens whose line never dropped (the
            // probe shows that the browser's log is really read)
            for (WebDriver driver : List.of(teacher, ada)) {
                ((JavascriptExecutor) driver).executeScript("console.error('log-probe')");
                assertThat(Chromium.consoleErrors(driver)).singleElement(InstanceOfAssertFactories.STRING)
                        .contains("log-probe");
            }
            teacher.findElement(By.id("logout")).click();
            waitHeading(teacher, "Log in");
            teacher.navigate().refresh();
            waitHeading(teacher, "Log in");

            // logging in again: the browser remembers the teacher's class
            type(teacher, By.cssSelector("#login-form input[name=email]"), teacherEmail);
            type(teacher, By.cssSelector("#login-form input[name=password]"), PASSWORD);
            teacher.findElement(By.cssSelector("#login-form button[type=submit]")).click();
            waitHeading(teacher, "Your classes");
            teacher.findElement(By.linkText(CLASS_NAME)).click();
            waitText(teacher, By.id("session"), "No attendance session is open.");
        } finally {
            drivers.forEach(WebDriver::quit);
        }
    }

    // ---- steps

    private WebDriver open(int width, int height) throws IOException {
        WebDriver driver = chromium.open(width, height, Files.createDirectories(downloads));
        drivers.add(driver);
        return driver;
    }

    private void signUp(WebDriver driver, String base, String name, String email, String role) {
        driver.get(base + "/#/signup");
        waitHeading(driver, "Create an account");
        type(driver, By.cssSelector("#signup-form input[name=name]"), name);
        type(driver, By.cssSelector("#signup-form input[name=email]"), email);
        type(driver, By.cssSelector("#signup-form input[name=password]"), PASSWORD);
        driver.findElement(By.cssSelector("#signup-form input[value=" + role + "]")).click();
        driver.findElement(By.cssSelector("#signup-form button[type=submit]")).click();
        waitHeading(driver, "Your classes");
        waitText(driver, By.id("user-nav"), name);
        waitText(driver, By.id("connection"), "Live");
    }

    private void joinClass(WebDriver student, String codeOrLink) {
        type(student, By.id("join-code"), codeOrLink);
        student.findElement(By.cssSelector("#join-class button[type=submit]")).click();
        waitHeading(student, CLASS_NAME);
    }

    private static void runSession(ApiClient api, String teacherToken, String classId, Map<String, String> marks) {
        assertThat(api.post("/attendance/start", teacherToken, Map.of("classId", classId)).status()).isEqualTo(200);
        try (SocketClient socket = SocketClient.connect(api.port(), teacherToken)) {
            marks.forEach((studentId, status) -> {
                socket.send("ATTENDANCE_MARKED", Map.of("studentId", studentId, "status", status));
                socket.next("ATTENDANCE_MARKED");
            });
            socket.send("DONE", Map.of());
            socket.next("DONE");
        }
    }

    // ---- what is on the screen

    private static WebElement row(WebDriver teacher, String name) {
        return teacher.findElement(By.cssSelector("#roster li[data-student-name='" + name + "']"));
    }

    private static WebElement markButton(WebDriver teacher, String name, String status) {
        return row(teacher, name).findElement(By.cssSelector("button.mark-" + status));
    }

    private static void waitPressed(WebDriver teacher, String name, String status) {
        until(teacher, driver -> "true".equals(markButton(driver, name, status).getDomAttribute("aria-pressed")));
    }

    private static void assertCounts(WebDriver teacher, int present, int absent, int unmarked) {
        waitText(teacher, By.cssSelector("#count-present .stat-value"), String.valueOf(present));
        waitText(teacher, By.cssSelector("#count-absent .stat-value"), String.valueOf(absent));
        waitText(teacher, By.cssSelector("#count-unmarked .stat-value"), String.valueOf(unmarked));
    }

    /** How many colours a canvas shows on the screen: a blank one shows one. */
    private static int colours(WebElement canvas) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(canvas.getScreenshotAs(OutputType.BYTES)));
            Set<Integer> seen = new HashSet<>();
            for (int x = 0; x < image.getWidth(); x += 3) {
                for (int y = 0; y < image.getHeight(); y += 3) {
                    seen.add(image.getRGB(x, y));
                }
            }
            return seen.size();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void type(WebDriver driver, By field, String text) {
        WebElement input = until(driver, ExpectedConditions.elementToBeClickable(field));
        input.clear();
        input.sendKeys(text);
    }

    private static void waitHeading(WebDriver driver, String text) {
        until(driver, ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), text));
    }

    private static void waitText(WebDriver driver, By element, String text) {
        until(driver, ExpectedConditions.textToBePresentInElementLocated(element, text));
    }

    private static <T> T until(WebDriver driver, java.util.function.Function<? super WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition);
    }

    private static void screenshot(WebDriver driver, String name) throws IOException {
        String folder = System.getenv("CONSOLE_SCREENSHOTS");
        if (folder == null || folder.isBlank()) {
            return;
        }
        Path target = Files.createDirectories(Path.of(folder)).resolve(name);
        Files.write(target, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
}

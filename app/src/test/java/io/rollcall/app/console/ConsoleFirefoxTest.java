package io.rollcall.app.console;

import io.rollcall.app.support.Firefox;
import io.rollcall.app.support.RollcallTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in headless Firefox (the issue asks for current Chromium and Firefox; {@link ConsoleBrowserTest}
 * covers Chromium in depth). A teacher and a student, each in a tab of their own: sign-up, a class from the
 * student's list of classes, a live mark reaching the student's banner, DONE. Driven through the page as a user
 * would, and checked on what the page shows.
 */
@RollcallTest
class ConsoleFirefoxTest {

    private static final String CLASS_NAME = "Geometry 5C";
    private static final String STUDENT = "Noor Haddad";

    @LocalServerPort
    int port;

    @Test
    void aTeacherMarksAStudentLiveInFirefox() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String base = "http://127.0.0.1:" + port;
        try (Firefox firefox = Firefox.startOrSkip()) {
            String student = firefox.newTab();
            String teacher = firefox.newTab();
            signUp(firefox, student, base, STUDENT, "noor-" + tag + "@school.test", "student");
            signUp(firefox, teacher, base, "Sam Teacher", "sam-" + tag + "@school.test", "teacher");

            // the teacher creates the class and adds the student from the search
            fill(firefox, teacher, "#class-name", CLASS_NAME);
            click(firefox, teacher, "#create-class button[type=submit]");
            waitHeading(firefox, teacher, CLASS_NAME);
            fill(firefox, teacher, "#student-search", STUDENT);
            firefox.waitUntil(teacher, buttonNamed("#search-results", "Add " + STUDENT));
            firefox.evaluate(teacher, buttonNamed("#search-results", "Add " + STUDENT) + ".click()");
            firefox.waitUntil(teacher, textOf("#enrolled") + ".includes('" + STUDENT + "')");

            // the student finds the class on their list and opens it
            firefox.reload(student);
            firefox.waitUntil(student, "[...document.querySelectorAll('#class-list a')]"
                    + ".some((a) => a.textContent.trim() === '" + CLASS_NAME + "')");
            firefox.evaluate(student, "[...document.querySelectorAll('#class-list a')]"
                    + ".find((a) => a.textContent.trim() === '" + CLASS_NAME + "').click()");
            waitHeading(firefox, student, CLASS_NAME);
            firefox.waitUntil(student, textOf("#live-banner") + ".includes('No attendance session is open')");

            // the session: one tap, and the student's banner follows live
            click(firefox, teacher, "#start-session");
            firefox.waitUntil(teacher, "document.querySelectorAll('#roster li.roster-row').length === 1");
            click(firefox, teacher, "#roster li[data-student-name='" + STUDENT + "'] button.mark-present");
            firefox.waitUntil(teacher, "document.querySelector(\"#roster li[data-student-name='" + STUDENT
                    + "'] button.mark-present\").getAttribute('aria-pressed') === 'true'");
            firefox.waitUntil(student, textOf("#live-banner") + ".includes('You are marked present')");
            firefox.waitUntil(teacher, textOf("#count-present .stat-value") + " === '1'");

            // DONE (everyone is marked, so no confirmation is asked)
            click(firefox, teacher, "#finish");
            firefox.waitUntil(teacher, textOf("#session-result") + ".includes('Attendance saved.')");
            assertThat(firefox.evaluate(teacher, textOf("#final-present .stat-value")).asText()).isEqualTo("1");

            byte[] screenshot = firefox.screenshot(student);
            assertThat(screenshot).startsWith(0x89, 'P', 'N', 'G');
            String folder = System.getenv("CONSOLE_SCREENSHOTS");
            if (folder != null && !folder.isBlank()) {
                Files.write(Path.of(folder, "firefox-student.png"), screenshot);
            }
        }
    }

    private static void signUp(Firefox firefox, String tab, String base, String name, String email, String role) {
        firefox.navigate(tab, base + "/#/signup");
        waitHeading(firefox, tab, "Create an account");
        fill(firefox, tab, "#signup-form input[name=name]", name);
        fill(firefox, tab, "#signup-form input[name=email]", email);
        fill(firefox, tab, "#signup-form input[name=password]", "secret123");
        click(firefox, tab, "#signup-form input[value=" + role + "]");
        click(firefox, tab, "#signup-form button[type=submit]");
        waitHeading(firefox, tab, "Your classes");
        firefox.waitUntil(tab, textOf("#user-nav") + ".includes('" + name + "')");
        firefox.waitUntil(tab, textOf("#connection") + ".includes('Live')");
    }

    /** Types into a field as a user's input would: the value, then the input event the page listens to. */
    private static void fill(Firefox firefox, String tab, String selector, String text) {
        firefox.waitUntil(tab, "document.querySelector(\"" + selector + "\")");
        firefox.evaluate(tab, "(() => { const field = document.querySelector(\"" + selector + "\"); field.focus();"
                + " field.value = '" + text + "'; field.dispatchEvent(new Event('input', {bubbles: true}));"
                + " field.dispatchEvent(new Event('change', {bubbles: true})); return true; })()");
    }

    private static void click(Firefox firefox, String tab, String selector) {
        firefox.waitUntil(tab, "document.querySelector(\"" + selector + "\") && !document.querySelector(\""
                + selector + "\").disabled");
        firefox.evaluate(tab, "document.querySelector(\"" + selector + "\").click(), true");
    }

    private static void waitHeading(Firefox firefox, String tab, String text) {
        firefox.waitUntil(tab, textOf("h1") + ".includes('" + text + "')");
    }

    private static String textOf(String selector) {
        return "(document.querySelector(\"" + selector + "\")?.textContent ?? '')";
    }

    private static String buttonNamed(String list, String name) {
        return "[...document.querySelectorAll('" + list + " button')].find((b) => b.textContent.trim() === '"
                + name + "')";
    }
}

package io.rollcall.app.mongo;

import io.rollcall.app.config.RollcallSettings;
import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Opening the embedded server leaves HotSpot a directive that keeps its libraries out of C2, once. */
class EmbeddedServerCompilationTest {

    @Test
    void theEmbeddedServersLibrariesAreExcludedFromC2Once() throws Exception {
        try (DatabaseConnection ignored = DatabaseConnection.open(new RollcallSettings("", null, "", "memory"))) {
            EmbeddedServerCompilation.keepOutOfC2(); // a second open adds nothing
            String directives = directives();

            assertThat(directives).contains("de/bwaldvogel/*.*", "org/h2/*.*", "io/netty/*.*");
            assertThat(directives.split("de/bwaldvogel/\\*\\.\\*", -1)).as(directives).hasSize(2);
        }
    }

    /** What {@code jcmd <pid> Compiler.directives_print} prints. */
    private static String directives() throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                new Object[]{new String[0]}, new String[]{String[].class.getName()});
    }
}

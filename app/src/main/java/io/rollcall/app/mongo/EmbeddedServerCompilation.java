package io.rollcall.app.mongo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the embedded MongoDB server's code (with H2 and Netty, which only it uses) out of HotSpot's optimizing
 * compiler, C2: it runs C1-compiled. A machine of two cores has a single C2 thread, and at start these libraries
 * were a third of its work; while C2's queue is long HotSpot raises the call counts at which it compiles, so
 * Rollcall's own once-per-mark code waited in slow profiled form into the first minutes of service. Measured in
 * docs/performance.md ("The embedded server on C1"). A compiler directive, as {@code jcmd Compiler.directives_add}
 * adds it; a JVM without the diagnostic command just compiles as before.
 */
final class EmbeddedServerCompilation {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServerCompilation.class);
    private static final String DIRECTIVE =
            "[{ match: [\"de/bwaldvogel/*.*\", \"org/h2/*.*\", \"io/netty/*.*\"], c2: { Exclude: true } }]";
    private static final AtomicBoolean added = new AtomicBoolean();

    private EmbeddedServerCompilation() {
    }

    /** Once per process. */
    static void keepOutOfC2() {
        if (!added.compareAndSet(false, true)) {
            return;
        }
        Path file = null;
        try {
            file = Files.createTempFile("rollcall-compiler-directive", ".json");
            Files.writeString(file, DIRECTIVE);
            Object result = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[]{new String[]{file.toString()}}, new String[]{String[].class.getName()});
            log.debug("Compiler directive for the embedded server: {}", result);
        } catch (Exception | LinkageError e) {
            log.debug("Could not add the embedded server's compiler directive", e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (Exception e) {
                    log.debug("Could not delete {}", file, e);
                }
            }
        }
    }
}

package io.rollcall.app.ops;

import io.rollcall.app.RollcallApplication;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rehearsal before start-up: it drives a throwaway copy through the whole mark path and leaves nothing. */
class RehearsalTest {

    @Test
    void aRehearsalMarksThroughAThrowawayCopyAndDeletesIt() throws IOException {
        List<Path> before = rehearsalDirectories();

        assertThat(Rehearsal.run(RollcallApplication.class, 40)).as("every mark echoed, then DONE").isTrue();

        assertThat(rehearsalDirectories()).as("the copy's data directory is gone").isEqualTo(before);
    }

    @Test
    void theCommandLineWinsOverTheEnvironmentAndZeroSkips() {
        Map<String, String> environment = Map.of("WARMUP_MARKS", "500");
        assertThat(Rehearsal.marks(new String[]{"--rollcall.warmup.marks=0"}, environment)).isZero();
        assertThat(Rehearsal.marks(new String[]{"--server.port=0"}, environment)).isEqualTo(500);
        assertThat(Rehearsal.marks(new String[0], Map.of())).isEqualTo(Rehearsal.DEFAULT_MARKS);
        assertThatThrownBy(() -> Rehearsal.marks(new String[0], Map.of("WARMUP_MARKS", "many")))
                .hasMessageContaining("WARMUP_MARKS must be a whole number");
    }

    private static List<Path> rehearsalDirectories() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("rollcall-rehearsal-")).sorted().toList();
        }
    }
}

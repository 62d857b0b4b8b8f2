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

        assertThat(Rehearsal.run(RollcallApplication.class, RehearsalClient.SESSION_MARKS + 40))
                .as("every mark echoed, DONE, a second session opened, its marks echoed, then DONE").isTrue();

        assertThat(rehearsalDirectories()).as("the copy's data directory is gone").isEqualTo(before);
    }

    @Test
    void aClusterNodesRehearsalCarriesEveryMarkFromOneCopyToTheOtherAndDeletesBoth() throws IOException {
        List<Path> before = rehearsalDirectories();

        assertThat(Rehearsal.run(RollcallApplication.class, RehearsalClient.SESSION_MARKS + 40, true))
                .as("every mark echoed on the serving copy, DONE reached a student on the joining copy, the students'"
                        + " sockets opened again there, and the second session's DONE reached one too").isTrue();

        assertThat(rehearsalDirectories()).as("the copies' data directory is gone").isEqualTo(before);
    }

    @Test
    void aNodeThatSharesItsDatabaseRehearsesAsAClusterNode() {
        assertThat(Rehearsal.clustered(new String[0], Map.of())).isFalse();
        assertThat(Rehearsal.clustered(new String[0], Map.of("CLUSTER", "true"))).isTrue();
        assertThat(Rehearsal.clustered(new String[0], Map.of("EMBEDDED_MONGO_PORT", "27117"))).isTrue();
        assertThat(Rehearsal.clustered(new String[0], Map.of("EMBEDDED_MONGO_PORT", "0"))).isFalse();
        assertThat(Rehearsal.clustered(new String[]{"--rollcall.cluster.enabled=false"}, Map.of("CLUSTER", "true")))
                .as("the command line wins").isFalse();
        assertThat(Rehearsal.clustered(new String[]{"--rollcall.cluster.embedded-mongo-port=27117"}, Map.of()))
                .isTrue();
        assertThat(Rehearsal.clustered(new String[0], Map.of("EMBEDDED_MONGO_PORT", "x")))
                .as("left to the service's own error").isFalse();
    }

    @Test
    void theCommandLineWinsOverTheEnvironmentAndZeroSkips() {
        Map<String, String> environment = Map.of("WARMUP_MARKS", "500");
        assertThat(Rehearsal.marks(new String[]{"--rollcall.warmup.marks=0"}, environment)).isZero();
        assertThat(Rehearsal.marks(new String[]{"--server.port=0"}, environment)).isEqualTo(500);
        assertThat(Rehearsal.marks(new String[0], Map.of())).isEqualTo(Rehearsal.DEFAULT_MARKS);
        assertThat(Rehearsal.marks(new String[0], Map.of("CLUSTER", "true")))
                .as("a cluster node's default").isEqualTo(Rehearsal.CLUSTER_DEFAULT_MARKS);
        assertThat(Rehearsal.marks(new String[0], Map.of("CLUSTER", "true", "WARMUP_MARKS", "2000"))).isEqualTo(2000);
        assertThatThrownBy(() -> Rehearsal.marks(new String[0], Map.of("WARMUP_MARKS", "many")))
                .hasMessageContaining("WARMUP_MARKS must be a whole number");
    }

    private static List<Path> rehearsalDirectories() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("rollcall-rehearsal-")).sorted().toList();
        }
    }
}

package io.rollcall.app.ops;

import io.rollcall.app.axon.ProjectionRebuilds;
import io.rollcall.app.envelope.Envelope;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operators' projection endpoints, on only when {@code OPS_TOKEN} is set (otherwise 404, as for any unknown
 * route); {@link OpsTokenFilter} requires the token. {@code GET /ops/projections}: each projection, whether it
 * is built, and the progress of the current or last rebuild. {@code POST /ops/projections/{name|all}/rebuild}:
 * starts a rebuild from the whole history in the background while the service keeps serving (202).
 */
@RestController
public class ProjectionsController {

    private final ProjectionRebuilds rebuilds;
    private final boolean enabled;

    public ProjectionsController(ProjectionRebuilds rebuilds, @Value("${rollcall.ops-token:}") String opsToken) {
        this.rebuilds = rebuilds;
        this.enabled = opsToken != null && !opsToken.isBlank();
    }

    @GetMapping("/ops/projections")
    ResponseEntity<Envelope> list() {
        if (!enabled) {
            return notFound();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("projections", rebuilds.built().entrySet().stream().map(e -> Map.of(
                "name", e.getKey(), "state", e.getValue() ? "built" : "not built")).toList());
        data.put("lastRebuild", rebuilds.lastRebuild().orElse(null));
        return ResponseEntity.ok(Envelope.ok(data));
    }

    @PostMapping("/ops/projections/{name}/rebuild")
    ResponseEntity<Envelope> rebuild(@PathVariable String name) {
        if (!enabled) {
            return notFound();
        }
        List<TrackingEventProcessor> targets = rebuilds.resolve(name);
        if (targets.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Envelope.failure("Projection not found"));
        }
        if (!rebuilds.startInBackground(targets)) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Envelope.failure("A rebuild is already running"));
        }
        return ResponseEntity.accepted().body(Envelope.ok(Map.of("rebuilding",
                targets.stream().map(TrackingEventProcessor::getName).toList())));
    }

    private static ResponseEntity<Envelope> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Envelope.failure("Route not found"));
    }
}

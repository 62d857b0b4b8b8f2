package io.rollcall.app.ops;

import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.RollcallTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Without OPS_TOKEN the projection ops endpoints do not exist. */
@RollcallTest
class OpsRoutesOffWithoutTokenTest {

    @LocalServerPort
    int port;

    @Test
    void opsEndpointsAnswer404() {
        ApiClient api = new ApiClient(port);
        assertThat(api.get("/ops/projections", null).status()).isEqualTo(404);
        assertThat(api.get("/ops/projections", null).error()).isEqualTo("Route not found");
        assertThat(api.post("/ops/projections/all/rebuild", null, "{}").status()).isEqualTo(404);
    }
}

package io.rollcall.app.ops;

import io.rollcall.app.RollcallApplication;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.SocketClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.socket.CloseStatus;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Closing the application tells every connected socket "going away" (1001) before the web server stops. */
class GracefulShutdownTest {

    @Test
    void connectedSocketsSeeGoingAwayWhenTheContextCloses() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(RollcallApplication.class).run(
                "--server.port=0",
                "--rollcall.db-url=",
                "--rollcall.embedded-backend=memory",
                "--rollcall.jwt-secret=test-secret-of-at-least-thirty-two-bytes-long");
        SocketClient teacherSocket = null;
        SocketClient studentSocket = null;
        try {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            ApiClient api = new ApiClient(port);
            ApiClient.User teacher = api.signupAndLogin("Leaving Teacher", "teacher");
            ApiClient.User student = api.signupAndLogin("Leaving Student", "student");
            teacherSocket = SocketClient.connect(port, teacher.token());
            studentSocket = SocketClient.connect(port, student.token());
            // both are registered once they can be answered
            teacherSocket.send("NOPE", null);
            teacherSocket.next("ERROR");
            studentSocket.send("NOPE", null);
            studentSocket.next("ERROR");
        } finally {
            context.close();
        }
        assertThat(teacherSocket.closed().get(10, TimeUnit.SECONDS)).isEqualTo(CloseStatus.GOING_AWAY.getCode());
        assertThat(studentSocket.closed().get(10, TimeUnit.SECONDS)).isEqualTo(CloseStatus.GOING_AWAY.getCode());
        teacherSocket.close();
        studentSocket.close();
    }
}

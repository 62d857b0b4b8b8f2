package io.rollcall.app.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.Classroom;
import io.rollcall.app.support.RawSocket;
import io.rollcall.app.support.RollcallTest;
import io.rollcall.app.support.SocketClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static io.rollcall.app.ws.Live.INVALID_FORMAT;
import static io.rollcall.app.ws.Live.assertAllSummary;
import static io.rollcall.app.ws.Live.assertError;
import static io.rollcall.app.ws.Live.assertMyAttendance;
import static io.rollcall.app.ws.Live.assertNextError;
import static io.rollcall.app.ws.Live.assertReceivedNothing;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames an attacker would send: each is answered with the contract's error, changes nothing, leaves the socket
 * open (but for invalid UTF-8, which RFC 6455 makes fatal) and the server healthy. Strictness is the HTTP
 * bodies' (see StrictJsonConfig): one JSON document, no repeated key, no deep nesting; at most 16 KiB.
 */
@RollcallTest
class SocketFrameFuzzTest {

    private static final int MAX_FRAME_BYTES = 16 * 1024;
    private static final Set<String> CONTRACT_ERRORS = Set.of(Live.TEACHER_ONLY, Live.STUDENT_ONLY, Live.NO_SESSION,
            Live.UNKNOWN_EVENT, INVALID_FORMAT, Live.INVALID_SCHEMA, Live.NOT_ENROLLED);

    @LocalServerPort
    int port;

    @Test
    void framesThatAreNotExactlyOneShallowSmallJsonDocumentAreInvalidFormatAndChangeNothing() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Frame Fuzz", 1);
        Live.startSession(api, room.teacher(), room.classId());
        String student = room.student(0).id();
        String mark = "{\"event\":\"ATTENDANCE_MARKED\",\"data\":{\"studentId\":\"" + student
                + "\",\"status\":\"present\"}}";
        List<String> frames = List.of(
                // trailing content after the document
                "{\"event\":\"DONE\"} x",
                "{\"event\":\"DONE\"}{}",
                "{\"event\":\"DONE\"}]",
                mark + " " + mark,
                mark + "\u0000",
                // repeated keys, at the top and inside data
                "{\"event\":\"TODAY_SUMMARY\",\"event\":\"DONE\"}",
                "{\"event\":\"ATTENDANCE_MARKED\",\"data\":{\"studentId\":\"" + student
                        + "\",\"status\":\"absent\",\"status\":\"present\"}}",
                "{\"event\":\"ATTENDANCE_MARKED\",\"data\":{},\"data\":{\"studentId\":\"" + student
                        + "\",\"status\":\"present\"}}",
                // deep nesting
                "{\"event\":\"DONE\",\"data\":" + "{\"a\":".repeat(100) + "1" + "}".repeat(100) + "}",
                "[".repeat(5_000) + "]".repeat(5_000),
                // one byte over 16 KiB, and far over
                padded("{\"event\":\"DONE\",\"data\":{\"pad\":\"", "\"}}", MAX_FRAME_BYTES + 1),
                padded("{\"event\":\"DONE\",\"data\":{\"pad\":\"", "\"}}", 200_000),
                padded("{\"event\":\"DONE\",\"data\":{\"pad\":\"", "\"}}", MAX_FRAME_BYTES - 2) + "é");
        try (SocketClient teacher = SocketClient.connect(port, room.teacher().token());
             SocketClient pupil = SocketClient.connect(port, room.student(0).token())) {
            for (String frame : frames) {
                teacher.sendRaw(frame);
                assertError(teacher.next(), INVALID_FORMAT,
                        "reply to %s (%d chars)".formatted(abbreviated(frame), frame.length()));
            }
            teacher.sendBinary(mark.getBytes(StandardCharsets.UTF_8));
            assertNextError(teacher, INVALID_FORMAT);
            assertReceivedNothing(teacher, pupil);

            // control: exactly 16 KiB is a frame like any other
            teacher.sendRaw(padded("{\"event\":\"TODAY_SUMMARY\",\"data\":{\"pad\":\"", "\"}}", MAX_FRAME_BYTES));
            assertAllSummary(List.of(teacher, pupil), 0, 0);
            assertMyAttendance(pupil, "not yet updated");
            assertThat(teacher.closed()).isNotDone();
        }
        assertHealthy(api);
    }

    @Test
    void invalidUtf8InATextFrameFailsOnlyThatConnectionAsRfc6455Requires() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Bad Bytes", 1);
        Live.startSession(api, room.teacher(), room.classId());
        try (SocketClient pupil = SocketClient.connect(port, room.student(0).token());
             RawSocket raw = RawSocket.connect(port, room.teacher().token())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes("{\"event\":\"DONE\",\"data\":{\"x\":\"".getBytes(StandardCharsets.UTF_8));
            bytes.writeBytes(new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xff, (byte) 0xed, (byte) 0xa0, (byte) 0x80});
            bytes.writeBytes("\"}}".getBytes(StandardCharsets.UTF_8));
            raw.send(RawSocket.TEXT, bytes.toByteArray());
            RawSocket.Frame answer = raw.readSkippingPings();
            assertThat(answer.opcode()).as("answer %s", answer.text()).isEqualTo(RawSocket.CLOSE);
            assertThat(answer.closeCode()).as("close code").isEqualTo(1007);

            // nothing was finalized, the room and the server go on
            assertMyAttendance(pupil, "not yet updated");
            try (SocketClient teacher = SocketClient.connect(port, room.teacher().token())) {
                teacher.send("TODAY_SUMMARY", null);
                assertAllSummary(List.of(teacher, pupil), 0, 0);
            }
        }
        assertHealthy(api);
    }

    @Test
    void randomlyMangledFramesAreEachAnsweredWithAContractErrorAndChangeNothing() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Mangled", 1);
        ApiClient.User outsider = api.signupAndLogin("Mangled Outsider", "student");
        Live.startSession(api, room.teacher(), room.classId());
        // a mark of a student outside the class: no mangling of it can mark someone enrolled
        String seed = "{\"event\":\"ATTENDANCE_MARKED\",\"data\":{\"studentId\":\"" + outsider.id()
                + "\",\"status\":\"present\"}}";
        Random random = new Random(9);
        String alphabet = "{}[]\":,\\ 0123456789abcdefnrtu-+.eE\u0000\u001f\u00e9\u2028\u4e2d";
        try (SocketClient teacher = SocketClient.connect(port, room.teacher().token());
             SocketClient pupil = SocketClient.connect(port, room.student(0).token())) {
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                String frame = mangle(seed, random, alphabet);
                sent.add(frame);
                teacher.sendRaw(frame);
                JsonNode reply = teacher.next();
                assertThat(reply.path("event").asText()).as("reply to %s: %s", frame, reply).isEqualTo("ERROR");
                assertThat(reply.path("data").path("message").asText()).as("reply to %s", frame)
                        .isIn(CONTRACT_ERRORS);
            }
            assertReceivedNothing(teacher, pupil);
            teacher.send("TODAY_SUMMARY", null);
            assertAllSummary(List.of(teacher, pupil), 0, 0);
            assertThat(sent).hasSize(150);
        }
        assertHealthy(api);
    }

    private static String mangle(String seed, Random random, String alphabet) {
        StringBuilder frame = new StringBuilder(seed);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(frame.length() + 1);
            switch (random.nextInt(5)) {
                case 0 -> frame.insert(at, randomChar(random, alphabet));
                case 1 -> {
                    if (at < frame.length()) {
                        frame.deleteCharAt(at);
                    }
                }
                case 2 -> {
                    if (at < frame.length()) {
                        frame.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
                case 3 -> frame.setLength(Math.max(1, at));
                default -> frame.insert(at, frame.substring(random.nextInt(Math.max(1, frame.length()))));
            }
        }
        return frame.toString();
    }

    /** Characters of the basic plane only: a mangled frame must still be text the client can encode. */
    private static String randomChar(Random random, String alphabet) {
        return String.valueOf(alphabet.charAt(random.nextInt(alphabet.length())));
    }

    /** A frame of exactly {@code bytes} UTF-8 bytes: head, 'x' padding, tail. */
    private static String padded(String head, String tail, int bytes) {
        return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
    }

    private static String abbreviated(String frame) {
        return frame.length() <= 80 ? frame : frame.substring(0, 80) + "...";
    }

    private static void assertHealthy(ApiClient api) {
        assertThat(api.get("/health/ready", null).status()).isEqualTo(200);
    }
}

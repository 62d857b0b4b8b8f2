package io.rollcall.app.ops;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a {@link Rehearsal}'s copy of the service as a school would, over real HTTP and WebSockets: a teacher
 * and {@link #STUDENTS} students sign up and log in, the teacher opens a session for a class of them and marks
 * them one at a time (the next mark leaves once its echo is back), then sends DONE and waits until a student has it
 * too; every {@link #SESSION_MARKS} marks, the students' sockets close and open again and the next session starts.
 * The students' sockets may be on another copy than the teacher's (a cluster's rehearsal): every mark then crosses
 * from one copy to the other.
 */
final class RehearsalClient implements AutoCloseable {

    static final int STUDENTS = 10;
    /**
     * Marks per session. A school's marks are mostly a student's first of a session (no previous status), and a
     * one-session rehearsal had only ten of those: the compiled mark path had never seen one, and the first real
     * marks threw it away (docs/performance.md, "The rehearsal in sessions"). Every session also rehearses DONE,
     * the next session's start, and sockets closing and opening, which the copy's own close was the first to do.
     */
    static final int SESSION_MARKS = 50 * STUDENTS;
    private static final String PASSWORD = "rehearsal-password";
    private static final Pattern SUCCESS = Pattern.compile("\"success\"\\s*:\\s*true");

    private final String url;
    private final String studentsUrl;
    private final long deadline;
    /** The client's threads, ended by {@link #close} (Java 17's HttpClient has no close of its own). */
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "rehearsal-client");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(threads).build();

    /** The teacher and every HTTP call at {@code url}; the students' sockets at {@code studentsUrl}. */
    RehearsalClient(String url, String studentsUrl, long deadlineNanos) {
        this.url = url;
        this.studentsUrl = studentsUrl;
        this.deadline = deadlineNanos;
    }

    /** Returns how many marks were echoed (all of them, or it throws). */
    int rehearse(int marks) throws Exception {
        String teacher = account("teacher", "teacher@rehearsal.invalid");
        List<String> studentIds = new ArrayList<>();
        List<String> studentTokens = new ArrayList<>();
        for (int i = 0; i < STUDENTS; i++) {
            String email = "student" + i + "@rehearsal.invalid";
            studentIds.add(field(post("/auth/signup", signup("Student " + i, email, "student"), null, 201), "_id"));
            studentTokens.add(login(email));
        }
        String classId = field(post("/class", "{\"className\":\"Rehearsal\"}", teacher, 201), "_id");
        for (String id : studentIds) {
            post("/class/" + classId + "/add-student", "{\"studentId\":\"" + id + "\"}", teacher, 200);
        }
        String start = "{\"classId\":\"" + classId + "\"}";
        post("/attendance/start", start, teacher, 200);

        Frames teacherFrames = new Frames(true);
        WebSocket teacherSocket = open(url, teacher, teacherFrames);
        List<WebSocket> students = new ArrayList<>(); // the ones open now
        try {
            Frames lastStudentFrames = join(studentTokens, students);
            for (int i = 0; i < marks; i++) {
                if (i > 0 && i % SESSION_MARKS == 0) {
                    done(teacherSocket, teacherFrames, lastStudentFrames);
                    // the class leaves and the next one joins: sockets close and open while the service runs
                    leave(students);
                    lastStudentFrames = join(studentTokens, students);
                    post("/attendance/start", start, teacher, 200);
                }
                // a student's marks of a session: the first, then the same status again or the other one
                String status = i % 3 == 0 ? "absent" : "present";
                teacherSocket.sendText("{\"event\":\"ATTENDANCE_MARKED\",\"data\":{\"studentId\":\""
                        + studentIds.get(i % STUDENTS) + "\",\"status\":\"" + status + "\"}}", true).join();
                teacherFrames.await("ATTENDANCE_MARKED", remaining());
            }
            done(teacherSocket, teacherFrames, lastStudentFrames);
            return marks;
        } finally {
            teacherSocket.abort();
            for (WebSocket socket : students) {
                socket.abort();
            }
        }
    }

    /**
     * Opens a socket for each student into {@code students}; returns the last one's frames, which {@link #done}
     * waits on.
     */
    private Frames join(List<String> tokens, List<WebSocket> students) throws Exception {
        Frames last = new Frames(true);
        for (int i = 0; i < tokens.size(); i++) {
            students.add(open(studentsUrl, tokens.get(i), i == tokens.size() - 1 ? last : new Frames(false)));
        }
        return last;
    }

    /** Closes the students' sockets as a browser leaving does, with a close frame; one left open is aborted later. */
    private void leave(List<WebSocket> students) throws Exception {
        for (WebSocket socket : students) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(remaining().toMillis(), TimeUnit.MILLISECONDS)
                    .join();
        }
        students.clear();
    }

    /** Ends the session: DONE, echoed to the teacher and carried to a student. */
    private void done(WebSocket teacherSocket, Frames teacherFrames, Frames studentFrames) throws Exception {
        teacherSocket.sendText("{\"event\":\"DONE\"}", true).join();
        teacherFrames.await("DONE", remaining());
        studentFrames.await("DONE", remaining());
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    private String account(String name, String email) throws Exception {
        post("/auth/signup", signup(name, email, "teacher"), null, 201);
        return login(email);
    }

    private String login(String email) throws Exception {
        return field(post("/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}", null, 200),
                "token");
    }

    private static String signup(String name, String email, String role) {
        return "{\"name\":\"" + name + "\",\"email\":\"" + email + "\",\"password\":\"" + PASSWORD
                + "\",\"role\":\"" + role + "\"}";
    }

    private String post(String path, String json, String token, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(remaining())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected || !SUCCESS.matcher(response.body()).find()) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode());
        }
        return response.body();
    }

    private WebSocket open(String at, String token, Frames frames) throws TimeoutException {
        URI uri = URI.create(at.replaceFirst("^http", "ws") + "/ws?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, frames)
                .orTimeout(remaining().toMillis(), TimeUnit.MILLISECONDS).join();
    }

    private Duration remaining() throws TimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new TimeoutException("the rehearsal ran out of time");
        }
        return Duration.ofNanos(left);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in the answer");
        }
        return m.group(1);
    }

    /** A socket's incoming text frames, joined; the teacher's are kept and waited on by event name. */
    private static final class Frames implements WebSocket.Listener {
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final boolean keep;

        Frames(boolean keep) {
            this.keep = keep;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                if (keep) {
                    received.add(partial.toString());
                }
                partial.setLength(0);
            }
            socket.request(1);
            return CompletableFuture.completedFuture(null);
        }

        /** Waits for the next frame of {@code event}, skipping others (summaries); an ERROR frame fails. */
        void await(String event, Duration within) throws Exception {
            long until = System.nanoTime() + within.toNanos();
            while (true) {
                String frame = received.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (frame == null) {
                    throw new TimeoutException("no " + event + " frame");
                }
                if (frame.contains("\"ERROR\"")) {
                    throw new IllegalStateException("the copy answered " + frame);
                }
                if (frame.contains("\"" + event + "\"")) {
                    return;
                }
            }
        }
    }
}

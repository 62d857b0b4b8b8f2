import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap of a running server after many sign-ups and many classes opened and closed (bounded memory, issue 9).
 * JDK classes only; run with {@code java bench/HeapBench.java --url http://127.0.0.1:8077 --server-pid PID}.
 * Start the server with {@code SIGNUPS_PER_ADDRESS=100000/1m} (every sign-up comes from one address).
 *
 * <p>Phases: the heap after a full GC at the start, after {@code --signups} sign-ups, and after each of
 * {@code --rounds} rounds of {@code --classes} classes: each class is created, a student is enrolled, a session
 * is started, the teacher's socket marks the student and sends DONE (waiting for the DONE broadcast), and the
 * socket is closed. The heap is read with {@code jcmd PID GC.class_histogram} (live objects after a full GC).
 */
public class HeapBench {

    private static final Pattern ID = Pattern.compile("\"_id\":\"([0-9a-f]{24})\"");
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    private static final Pattern TOTAL = Pattern.compile("Total\\s+\\d+\\s+(\\d+)");

    private static String url = "http://127.0.0.1:8000";
    private static int refusedDone;
    private static long pid = -1;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    public static void main(String[] args) throws Exception {
        int signups = 10_000;
        int classes = 1_000;
        int rounds = 2;
        int threads = 4;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--server-pid" -> pid = Long.parseLong(args[++i]);
                case "--signups" -> signups = Integer.parseInt(args[++i]);
                case "--classes" -> classes = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        report("start");

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger done = new AtomicInteger();
        List<Future<?>> work = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < signups; i++) {
            int n = i;
            work.add(pool.submit(() -> {
                signup("Heap Student " + n, "heap-" + RUN + "-s" + n + "@example.com", "student");
                int d = done.incrementAndGet();
                if (d % 1000 == 0) {
                    System.err.printf("%d sign-ups (%.0f s)%n", d, (System.nanoTime() - t0) / 1e9);
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : work) {
                f.get();
            }
        } catch (Exception e) {
            pool.shutdownNow();
            throw e;
        }
        pool.shutdown();
        report("after " + signups + " sign-ups");

        String teacherEmail = "heap-" + RUN + "-teacher@example.com";
        signup("Heap Teacher", teacherEmail, "teacher");
        String teacher = login(teacherEmail);
        String studentEmail = "heap-" + RUN + "-pupil@example.com";
        String studentId = signup("Heap Pupil", studentEmail, "student");
        if (studentId == null) {
            throw new IllegalStateException("the pupil's signup was answered 503, then existed: run again");
        }
        for (int r = 1; r <= rounds; r++) {
            for (int c = 0; c < classes; c++) {
                openAndCloseClass(teacher, studentId, "Heap " + r + "-" + c);
                if ((c + 1) % 200 == 0) {
                    System.err.printf("round %d: %d classes%n", r, c + 1);
                }
            }
            report("after round " + r + " of " + classes + " classes opened and closed (" + refusedDone
                    + " DONE refused so far)");
        }
    }

    private static void openAndCloseClass(String teacher, String studentId, String name) throws Exception {
        String classId = match(ID, post("/class", teacher, "{\"className\":\"" + name + "\"}", 201));
        post("/class/" + classId + "/add-student", teacher, "{\"studentId\":\"" + studentId + "\"}", 200);
        post("/attendance/start", teacher, "{\"classId\":\"" + classId + "\"}", 200);
        CompletableFuture<String> doneFrame = new CompletableFuture<>();
        StringBuilder partial = new StringBuilder();
        WebSocket socket = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create(url.replace("http://", "ws://") + "/ws?token=" + teacher), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            String frame = partial.toString();
                            partial.setLength(0);
                            if (frame.contains("\"DONE\"") || frame.contains("\"ERROR\"")) {
                                doneFrame.complete(frame);
                            }
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        socket.sendText("{\"event\":\"ATTENDANCE_MARKED\",\"data\":{\"studentId\":\"" + studentId
                + "\",\"status\":\"present\"}}", true).get(10, TimeUnit.SECONDS);
        socket.sendText("{\"event\":\"DONE\"}", true).get(10, TimeUnit.SECONDS);
        String frame = doneFrame.get(10, TimeUnit.SECONDS);
        if (!frame.contains("\"present\":1")) {
            // e.g. "Service unavailable" when the embedded store is slower than DB_READ_TIMEOUT_MS on a busy machine
            System.err.println("class " + name + ": unexpected answer to DONE (counted, run goes on): " + frame);
            refusedDone++;
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
    }

    private static String signup(String name, String email, String role) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"email\":\"" + email
                + "\",\"password\":\"secret123\",\"role\":\"" + role + "\"}";
        try {
            return match(ID, post("/auth/signup", null, body, 201));
        } catch (IllegalStateException e) {
            // a 503 retried after the server had stored the user: it exists, which is what was asked
            if (String.valueOf(e.getMessage()).contains("Email already exists")) {
                return null;
            }
            throw e;
        }
    }

    private static String login(String email) throws Exception {
        return match(TOKEN, post("/auth/login", null,
                "{\"email\":\"" + email + "\",\"password\":\"secret123\"}", 200));
    }

    private static String post(String path, String token, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        // a busy server (bcrypt pool full, database slow on a loaded machine) answers 503: retry as a client would
        for (int retry = 0; response.statusCode() == 503 && retry < 60; retry++) {
            Thread.sleep(1_000);
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        if (response.statusCode() != expected) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String match(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in " + text);
        }
        return m.group(1);
    }

    /**
     * The server's live heap: {@code GC.class_histogram} runs a full GC and sums the objects that survived it, in
     * one step (GC.run followed by GC.heap_info would also count what background work allocated in between).
     */
    private static void report(String phase) throws IOException, InterruptedException {
        if (pid < 0) {
            System.out.println(phase + ": (no --server-pid, heap not read)");
            return;
        }
        String histogram = jcmd("GC.class_histogram");
        Matcher m = TOTAL.matcher(histogram);
        String live = m.find() ? String.format("%.1f MiB", Long.parseLong(m.group(1)) / (1024.0 * 1024)) : "?";
        System.out.println(phase + ": live heap after full GC = " + live);
    }

    private static String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}

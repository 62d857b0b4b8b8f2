import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load client for Rollcall's live attendance protocol. Dependency-free, JDK 17 single-file program with three
 * scenarios (see bench/README.md):
 *
 * <pre>
 * java bench/MarkBench.java --url http://127.0.0.1:8000 --students 200 --marks 1000 --server-pid 1234 [--json]
 * java bench/MarkBench.java --scenario classes --classes 20 --students-per-class 30 --marks 200 --warmup 20 --server-pid 1234
 * java bench/MarkBench.java --scenario idle --sockets 10000 --users 20 --hold 20 --server-pid 1234
 * </pre>
 *
 * <ul>
 *   <li>{@code single} (default): one teacher, N students, a class and a session; N+1 WebSockets; M
 *       ATTENDANCE_MARKED frames one at a time (the next one leaves when the teacher's own broadcast of the previous
 *       one is back), then DONE. Reports latency, fan-out, throughput, growth over the run and server CPU per mark.</li>
 *   <li>{@code classes}: C teachers, each with a class of S students, all marking at once (window 1 per teacher);
 *       checks that every broadcast reaches exactly the sockets of its class.</li>
 *   <li>{@code idle}: N idle authenticated sockets over U users, held for a while; heap used per socket via jcmd.</li>
 * </ul>
 *
 * Exit status: 0 all checks passed, 1 a check failed (missing/unexpected broadcast, wrong DONE counts, ERROR frame,
 * socket not opened or dropped), 2 bad arguments, 3 timeout or fatal error.
 */
public final class MarkBench {

    // ---------------------------------------------------------------- configuration

    static String url = "http://127.0.0.1:8000";
    static String scenario = "single";
    static int students = 200;
    static int marks = 1000;
    static long serverPid = -1;
    static boolean jsonOut = false;
    static int timeoutSeconds = 300;
    static int signupThreads = 8;
    // --scenario classes
    static int classCount = 20;
    static int studentsPerClass = 30;
    static int warmupMarks = 0;
    // --scenario idle
    static int idleSockets = 10_000;
    static int idleUsers = 20;
    static int holdSeconds = 20;
    static int openInFlight = 200;
    static int maxOpenFailures = 200;
    // classes + idle: WebSockets are spread round-robin over this many HttpClient instances (selector threads)
    static int httpClients = 4;

    /** Marks at the very start that are left out of the "first 10" group (connection/JIT warm-up). */
    static final int WARMUP = 2;
    /** Cap on any single wait (one reply, one HTTP call) inside the global deadline. */
    static final long STEP_CAP_NANOS = TimeUnit.SECONDS.toNanos(30);

    static long deadline; // System.nanoTime() by which everything must be over

    // ---------------------------------------------------------------- run state (single scenario)

    static String[] studentIds;
    static String[] studentTokens;
    static String[] markStudent; // per mark: studentId
    static String[] markStatus;  // per mark: "present" | "absent"
    static long[] tSend;
    static long[] tEcho;
    static AtomicLongArray tLastStudent;  // max receive time over student sockets
    static AtomicIntegerArray studentRecv; // how many student sockets received the mark

    static final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    static final LinkedBlockingQueue<Integer> echoQueue = new LinkedBlockingQueue<>();
    static final LinkedBlockingQueue<String> teacherSummaries = new LinkedBlockingQueue<>();
    static CountDownLatch studentsComplete; // a student socket counts down when it has seen all M marks
    static CountDownLatch doneLatch;        // every socket counts down on DONE
    static volatile boolean closing = false;

    static HttpClient http;

    public static void main(String[] args) {
        try {
            parseArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
        }
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        startWatchdog();
        int code;
        try {
            code = switch (scenario) {
                case "classes" -> runClasses();
                case "idle" -> runIdle();
                default -> run();
            };
        } catch (TimeoutException e) {
            System.err.println("TIMEOUT: " + e.getMessage());
            dumpErrors();
            code = 3;
        } catch (Throwable e) {
            System.err.println("FATAL: " + e);
            dumpErrors();
            code = 3;
        }
        System.out.flush();
        System.exit(code);
    }

    static String usage() {
        return "usage: java bench/MarkBench.java [--scenario single|classes|idle] [--url http://127.0.0.1:8000]\n"
                + "         [--server-pid PID] [--json] [--timeout 300] [--threads 8]\n"
                + "  single:  [--students 200] [--marks 1000]\n"
                + "  classes: [--classes 20] [--students-per-class 30] [--marks 1000 (per teacher)] [--warmup 0 (per teacher)]\n"
                + "           [--http-clients 4]\n"
                + "  idle:    [--sockets 10000] [--users 20] [--hold 20] [--in-flight 200] [--max-open-failures 200]\n"
                + "           [--http-clients 4]";
    }

    static void parseArgs(String[] a) {
        for (int i = 0; i < a.length; i++) {
            String k = a[i];
            if (k.equals("--json")) { jsonOut = true; continue; }
            if (k.equals("--help") || k.equals("-h")) { System.out.println(usage()); System.exit(0); }
            if (i + 1 >= a.length) throw new IllegalArgumentException("missing value for " + k);
            String v = a[++i];
            try {
                switch (k) {
                    case "--url" -> url = v.replaceAll("/+$", "");
                    case "--students" -> students = Integer.parseInt(v);
                    case "--marks" -> marks = Integer.parseInt(v);
                    case "--server-pid" -> serverPid = Long.parseLong(v);
                    case "--timeout" -> timeoutSeconds = Integer.parseInt(v);
                    case "--threads" -> signupThreads = Integer.parseInt(v);
                    case "--scenario" -> scenario = v;
                    case "--classes" -> classCount = Integer.parseInt(v);
                    case "--students-per-class" -> studentsPerClass = Integer.parseInt(v);
                    case "--warmup" -> warmupMarks = Integer.parseInt(v);
                    case "--sockets" -> idleSockets = Integer.parseInt(v);
                    case "--users" -> idleUsers = Integer.parseInt(v);
                    case "--hold" -> holdSeconds = Integer.parseInt(v);
                    case "--in-flight" -> openInFlight = Integer.parseInt(v);
                    case "--max-open-failures" -> maxOpenFailures = Integer.parseInt(v);
                    case "--http-clients" -> httpClients = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown option " + k);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number for " + k + ": " + v);
            }
        }
        if (students < 1 || marks < 1 || timeoutSeconds < 1 || signupThreads < 1) {
            throw new IllegalArgumentException("--students, --marks, --timeout and --threads must be >= 1");
        }
        if (!List.of("single", "classes", "idle").contains(scenario)) {
            throw new IllegalArgumentException("--scenario must be single, classes or idle");
        }
        if (classCount < 1 || studentsPerClass < 1 || warmupMarks < 0 || idleSockets < 1 || idleUsers < 1
                || holdSeconds < 0 || openInFlight < 1 || httpClients < 1 || maxOpenFailures < 1) {
            throw new IllegalArgumentException("--classes, --students-per-class, --sockets, --users, --in-flight, "
                    + "--max-open-failures and --http-clients must be >= 1; --warmup and --hold >= 0");
        }
        URI u = URI.create(url);
        if (!"http".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("--url must be http://host:port");
        }
        try {
            for (InetAddress addr : InetAddress.getAllByName(u.getHost())) {
                if (!addr.isLoopbackAddress()) {
                    throw new IllegalArgumentException("refusing non-loopback target " + u.getHost() + " (" + addr + ")");
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot resolve " + u.getHost());
        }
        if (serverPid > 0 && !Files.isReadable(Path.of("/proc/" + serverPid + "/stat"))) {
            throw new IllegalArgumentException("no readable /proc/" + serverPid + "/stat");
        }
    }

    /** Backstop: whatever hangs, the process is gone shortly after the deadline. */
    static void startWatchdog() {
        Thread t = new Thread(() -> {
            try {
                long left = deadline - System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                if (left > 0) TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("TIMEOUT: watchdog fired " + timeoutSeconds + "s+10s after start; halting");
            dumpErrors();
            System.err.flush();
            Runtime.getRuntime().halt(3);
        }, "watchdog");
        t.setDaemon(true);
        t.start();
    }

    static long remainingNanos(String what) throws TimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new TimeoutException("global --timeout " + timeoutSeconds + "s exceeded during " + what);
        return Math.min(left, STEP_CAP_NANOS);
    }

    static void dumpErrors() {
        int n = 0;
        for (String e : errors) {
            if (n++ >= 20) { System.err.println("  ... " + (errors.size() - 20) + " more"); break; }
            System.err.println("  error: " + e);
        }
    }

    static void log(String s) {
        if (!jsonOut) System.out.println(s);
        else System.err.println(s);
    }

    // ================================================================ scenario: single (default)

    static int run() throws Exception {
        http = newHttpClient();
        String runId = Long.toString(System.currentTimeMillis(), 36) + "-" + Long.toString((long) (Math.random() * 1e9), 36);

        // 1. accounts, class, enrolment, session
        long t0 = System.nanoTime();
        String teacherEmail = "bench-" + runId + "-teacher@example.com";
        signup("Bench Teacher", teacherEmail, "teacher");
        String teacherToken = login(teacherEmail);

        studentIds = new String[students];
        studentTokens = new String[students];
        ExecutorService pool = Executors.newFixedThreadPool(signupThreads, r -> {
            Thread th = new Thread(r, "signup");
            th.setDaemon(true);
            return th;
        });
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < students; i++) {
            final int s = i;
            fs.add(pool.submit(() -> {
                String email = "bench-" + runId + "-s" + s + "@example.com";
                studentIds[s] = signup("Bench Student " + s, email, "student");
                studentTokens[s] = login(email);
                return null;
            }));
        }
        try {
            for (Future<?> f : fs) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new TimeoutException("global --timeout exceeded during signups");
                try {
                    f.get(left, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    throw new TimeoutException("global --timeout " + timeoutSeconds + "s exceeded during signups");
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("student signup/login failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long tAccounts = System.nanoTime();

        String classId = field(post("/class", "{\"className\":\"Bench " + runId + "\"}", teacherToken, 201), "_id");
        for (int i = 0; i < students; i++) {
            post("/class/" + classId + "/add-student", "{\"studentId\":\"" + studentIds[i] + "\"}", teacherToken, 200);
        }
        String started = post("/attendance/start", "{\"classId\":\"" + classId + "\"}", teacherToken, 200);
        String sessionId = field(started, "sessionId");
        long tSetup = System.nanoTime();
        log(String.format(Locale.ROOT, "setup: %d students signed up + logged in in %.1fs (%d threads), class %s, "
                        + "enrolment + start in %.1fs, session %s", students, secs(tAccounts - t0), signupThreads,
                classId, secs(tSetup - tAccounts), sessionId));

        // marks plan: cycle through students; each student's status flips on every pass, so a later mark
        // replaces an earlier one with a different value and consecutive marks never repeat (studentId, status).
        markStudent = new String[marks];
        markStatus = new String[marks];
        String[] lastStatus = new String[students];
        for (int i = 0; i < marks; i++) {
            int s = i % students;
            int pass = i / students;
            markStudent[i] = studentIds[s];
            markStatus[i] = ((s + pass) % 2 == 0) ? "present" : "absent";
            lastStatus[s] = markStatus[i];
        }
        int expPresent = 0;
        for (String st : lastStatus) if ("present".equals(st)) expPresent++;
        int expAbsent = students - expPresent; // unmarked students become absent on DONE
        tSend = new long[marks];
        tEcho = new long[marks];
        tLastStudent = new AtomicLongArray(marks);
        studentRecv = new AtomicIntegerArray(marks);
        studentsComplete = new CountDownLatch(students);
        doneLatch = new CountDownLatch(students + 1);

        // 2. sockets
        Sock teacher = new Sock(-1);
        Sock[] socks = new Sock[students];
        List<CompletableFuture<WebSocket>> opens = new ArrayList<>();
        opens.add(openSocket(teacherToken, teacher));
        for (int i = 0; i < students; i++) {
            socks[i] = new Sock(i);
            opens.add(openSocket(studentTokens[i], socks[i]));
        }
        for (CompletableFuture<WebSocket> f : opens) {
            try {
                f.get(remainingNanos("socket open"), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("WebSocket open failed: " + e.getCause(), e.getCause());
            }
        }
        // Room barrier: a socket is registered server-side just after its handshake, so a broadcast sent right
        // after the client sees the handshake may miss it. TODAY_SUMMARY is broadcast to the room: once the
        // teacher and every student socket have received one, everyone is in the room. Retried a few times.
        long tBarrier = System.nanoTime();
        boolean inRoom = false;
        for (int attempt = 1; attempt <= 10 && !inRoom; attempt++) {
            send(teacher, "{\"event\":\"TODAY_SUMMARY\"}");
            String sum = teacherSummaries.poll(remainingNanos("room barrier"), TimeUnit.NANOSECONDS);
            if (sum == null) throw new TimeoutException("no TODAY_SUMMARY back on the teacher socket");
            if (num(sum, "total") != 0) errors.add("TODAY_SUMMARY before any mark has total != 0: " + sum);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (!(inRoom = allHaveSummary(socks)) && System.nanoTime() < until) {
                Thread.sleep(5);
            }
        }
        if (!inRoom) throw new IllegalStateException("some student sockets never received TODAY_SUMMARY");
        log(String.format(Locale.ROOT, "sockets: %d open, all in the room (barrier %.0f ms)", students + 1,
                ms(System.nanoTime() - tBarrier)));
        Thread.sleep(200); // let the barrier's stragglers drain before timing

        // 3. marks, window 1
        long[] cpu0 = serverPid > 0 ? cpuTicks(serverPid) : null;
        long[] selfCpu0 = cpuTicks(ProcessHandle.current().pid());
        long tMarks0 = System.nanoTime();
        for (int i = 0; i < marks; i++) {
            String frame = "{\"event\":\"ATTENDANCE_MARKED\",\"data\":{\"studentId\":\"" + markStudent[i]
                    + "\",\"status\":\"" + markStatus[i] + "\"}}";
            tSend[i] = System.nanoTime();
            send(teacher, frame);
            Integer got = echoQueue.poll(remainingNanos("mark " + (i + 1)), TimeUnit.NANOSECONDS);
            if (got == null) throw new TimeoutException("no teacher echo for mark " + (i + 1));
            if (got != i) {
                dumpErrors();
                throw new IllegalStateException("teacher socket: expected echo of mark " + (i + 1) + ", got "
                        + (got < 0 ? "an error/mismatch (see errors)" : "mark " + (got + 1)));
            }
        }
        long tMarks1 = System.nanoTime();
        // wait for the last broadcasts to reach every student socket
        boolean allDelivered = studentsComplete.await(
                Math.min(deadline - System.nanoTime(), STEP_CAP_NANOS), TimeUnit.NANOSECONDS);
        long tDelivered = System.nanoTime();
        long[] cpu1 = serverPid > 0 ? cpuTicks(serverPid) : null;
        long[] selfCpu1 = cpuTicks(ProcessHandle.current().pid());

        // 4. DONE
        send(teacher, "{\"event\":\"DONE\"}");
        boolean allDone = doneLatch.await(Math.max(0, remainingNanos("DONE")), TimeUnit.NANOSECONDS);
        int doneChecked = 0;
        if (teacher.doneFrame == null) {
            errors.add("teacher socket: no DONE");
        } else {
            checkDone("teacher", teacher.doneFrame, expPresent, expAbsent);
            doneChecked++;
        }
        int studentsWithoutDone = 0;
        for (Sock s : socks) {
            if (s.doneFrame == null) studentsWithoutDone++;
            else { checkDone("student " + s.student, s.doneFrame, expPresent, expAbsent); doneChecked++; }
        }
        if (studentsWithoutDone > 0) errors.add(studentsWithoutDone + " student sockets got no DONE");

        // missing broadcasts
        int missingDeliveries = 0, marksMissing = 0;
        for (int i = 0; i < marks; i++) {
            int miss = students - studentRecv.get(i);
            if (miss > 0) {
                missingDeliveries += miss;
                if (marksMissing++ < 5) errors.add("mark " + (i + 1) + " reached " + studentRecv.get(i) + "/" + students + " student sockets");
            }
        }
        if (missingDeliveries > 0) errors.add(missingDeliveries + " student deliveries missing over " + marksMissing + " marks");

        closing = true;
        closeAll(teacher, socks);

        // 5. report
        report(teacher, tMarks0, tMarks1, tDelivered, allDelivered, cpu0, cpu1, selfCpu0, selfCpu1,
                expPresent, expAbsent, allDone, missingDeliveries);
        if (!errors.isEmpty()) {
            System.err.println("FAILED: " + errors.size() + " problem(s)");
            dumpErrors();
            return 1;
        }
        return 0;
    }

    static boolean allHaveSummary(Sock[] socks) {
        for (Sock s : socks) if (s.summaries == 0) return false;
        return true;
    }

    static void checkDone(String who, String frame, int expPresent, int expAbsent) {
        String msg = field(frame, "message");
        long p = num(frame, "present"), a = num(frame, "absent"), t = num(frame, "total");
        if (!"Attendance persisted".equals(msg) || p != expPresent || a != expAbsent || t != students) {
            errors.add(who + ": DONE " + frame + " but expected present=" + expPresent + " absent=" + expAbsent
                    + " total=" + students);
        }
    }

    // ---------------------------------------------------------------- scenario single: report

    static void report(Sock teacher, long tMarks0, long tMarks1, long tDelivered, boolean allDelivered,
                       long[] cpu0, long[] cpu1, long[] selfCpu0, long[] selfCpu1,
                       int expPresent, int expAbsent, boolean allDone, int missingDeliveries) {
        long[] lat = new long[marks];
        for (int i = 0; i < marks; i++) lat[i] = tEcho[i] - tSend[i];
        List<Long> fan = new ArrayList<>();
        for (int i = 0; i < marks; i++) {
            if (studentRecv.get(i) == students) fan.add(tLastStudent.get(i) - tSend[i]);
        }
        long[] fanArr = fan.stream().mapToLong(Long::longValue).toArray();
        double marksPerSec = marks / secs(tMarks1 - tMarks0);

        // growth: first 10 (after WARMUP), the 10 ending at M/2 (marks 491-500 of 1000), last 10
        int[] first = range(WARMUP, WARMUP + 10);
        int midEnd = Math.max(marks / 2, 1);
        int[] mid = range(midEnd - 10, midEnd);
        int[] last = range(marks - 10, marks);
        double first10 = medianMs(lat, first), mid10 = medianMs(lat, mid), last10 = medianMs(lat, last);
        double ratio = last10 / first10;
        double[] dec = new double[10];
        String[] decLabel = new String[10];
        for (int d = 0; d < 10; d++) {
            int lo = (int) ((long) d * marks / 10), hi = (int) ((long) (d + 1) * marks / 10);
            dec[d] = hi > lo ? medianMs(lat, range(lo, hi)) : Double.NaN;
            decLabel[d] = (lo + 1) + "-" + hi;
        }
        long clk = clockTicksPerSecond();
        Double serverCpuMsPerMark = null, serverCpuMsTotal = null;
        if (cpu0 != null && cpu1 != null) {
            serverCpuMsTotal = (cpu1[0] + cpu1[1] - cpu0[0] - cpu0[1]) * 1000.0 / clk;
            serverCpuMsPerMark = serverCpuMsTotal / marks;
        }
        double clientCpuMsPerMark = selfCpu0 != null && selfCpu1 != null
                ? (selfCpu1[0] + selfCpu1[1] - selfCpu0[0] - selfCpu0[1]) * 1000.0 / clk / marks : Double.NaN;

        if (!jsonOut) {
            StringBuilder o = new StringBuilder();
            o.append(String.format(Locale.ROOT, "marks: %d sent to %d students, window 1, %.2fs -> %.1f marks/s%n",
                    marks, students, secs(tMarks1 - tMarks0), marksPerSec));
            o.append(String.format(Locale.ROOT, "mark latency (send -> teacher echo), ms: p50 %.3f  p90 %.3f  p99 %.3f  max %.3f%n",
                    pct(lat, 50), pct(lat, 90), pct(lat, 99), pct(lat, 100)));
            if (fanArr.length > 0) {
                o.append(String.format(Locale.ROOT, "fan-out (send -> last of %d students), ms: p50 %.3f  p99 %.3f  max %.3f%s%n",
                        students, pct(fanArr, 50), pct(fanArr, 99), pct(fanArr, 100),
                        fanArr.length < marks ? "  (over " + fanArr.length + " fully delivered marks)" : ""));
            }
            o.append(String.format(Locale.ROOT, "all student deliveries done %.1f ms after the last echo%s%n",
                    ms(tDelivered - tMarks1), allDelivered ? "" : " (INCOMPLETE: " + missingDeliveries + " missing)"));
            o.append("cost of an early vs a late mark (median send -> echo):\n");
            o.append(String.format(Locale.ROOT, "  first 10  (marks %s, marks 1-%d are warm-up): %.3f ms%n", label(first), WARMUP, first10));
            o.append(String.format(Locale.ROOT, "  middle 10 (marks %s): %.3f ms%n", label(mid), mid10));
            o.append(String.format(Locale.ROOT, "  last 10   (marks %s): %.3f ms%n", label(last), last10));
            o.append(String.format(Locale.ROOT, "  ratio last10/first10: %.2f%n", ratio));
            o.append("median latency per decile of the run, ms:\n ");
            for (int d = 0; d < 10; d++) o.append(String.format(Locale.ROOT, " [%s] %.3f", decLabel[d], dec[d]));
            o.append('\n');
            if (serverCpuMsPerMark != null) {
                o.append(String.format(Locale.ROOT, "server CPU (pid %d, utime+stime, CLK_TCK %d) during marks: %.0f ms total, %.3f ms/mark%n",
                        serverPid, clk, serverCpuMsTotal, serverCpuMsPerMark));
            }
            o.append(String.format(Locale.ROOT, "client CPU during marks: %.3f ms/mark%n", clientCpuMsPerMark));
            o.append(String.format(Locale.ROOT, "DONE: expected present %d absent %d total %d; %s%n", expPresent, expAbsent,
                    students, allDone ? "received on all " + (students + 1) + " sockets" : "NOT received on every socket"));
            o.append(errors.isEmpty() ? "result: OK\n" : "result: FAILED (" + errors.size() + " problems)\n");
            System.out.print(o);
        } else {
            StringBuilder j = new StringBuilder("{");
            j.append("\"ok\":").append(errors.isEmpty());
            j.append(",\"students\":").append(students).append(",\"marks\":").append(marks);
            j.append(",\"marks_per_s\":").append(n(marksPerSec));
            j.append(",\"latency_ms\":{\"p50\":").append(n(pct(lat, 50))).append(",\"p90\":").append(n(pct(lat, 90)))
                    .append(",\"p99\":").append(n(pct(lat, 99))).append(",\"max\":").append(n(pct(lat, 100))).append('}');
            j.append(",\"fanout_ms\":");
            if (fanArr.length > 0) {
                j.append("{\"p50\":").append(n(pct(fanArr, 50))).append(",\"p99\":").append(n(pct(fanArr, 99)))
                        .append(",\"max\":").append(n(pct(fanArr, 100))).append(",\"marks\":").append(fanArr.length).append('}');
            } else {
                j.append("null");
            }
            j.append(",\"warmup_marks\":").append(WARMUP);
            j.append(",\"first10\":{\"marks\":\"").append(label(first)).append("\",\"median_ms\":").append(n(first10)).append('}');
            j.append(",\"mid10\":{\"marks\":\"").append(label(mid)).append("\",\"median_ms\":").append(n(mid10)).append('}');
            j.append(",\"last10\":{\"marks\":\"").append(label(last)).append("\",\"median_ms\":").append(n(last10)).append('}');
            j.append(",\"last10_over_first10\":").append(n(ratio));
            j.append(",\"decile_median_ms\":[");
            for (int d = 0; d < 10; d++) j.append(d == 0 ? "" : ",").append(n(dec[d]));
            j.append(']');
            j.append(",\"server_cpu_ms_per_mark\":").append(serverCpuMsPerMark == null ? "null" : n(serverCpuMsPerMark));
            j.append(",\"client_cpu_ms_per_mark\":").append(n(clientCpuMsPerMark));
            j.append(",\"missing_deliveries\":").append(missingDeliveries);
            j.append(",\"done\":{\"present\":").append(expPresent).append(",\"absent\":").append(expAbsent)
                    .append(",\"total\":").append(students).append(",\"all_sockets\":").append(allDone).append('}');
            j.append(",\"errors\":").append(errors.size());
            j.append('}');
            System.out.println(j);
        }
    }

    static String n(double d) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.3f", d) : "null";
    }

    static int[] range(int lo, int hi) {
        lo = Math.max(0, Math.min(lo, marks));
        hi = Math.max(lo, Math.min(hi, marks));
        int[] r = new int[hi - lo];
        for (int i = 0; i < r.length; i++) r[i] = lo + i;
        return r;
    }

    static String label(int[] idx) {
        return idx.length == 0 ? "none" : (idx[0] + 1) + "-" + (idx[idx.length - 1] + 1);
    }

    /** True median (mean of the two middle values for an even count), in ms; NaN for an empty group. */
    static double medianMs(long[] values, int[] idx) {
        if (idx.length == 0) return Double.NaN;
        long[] v = new long[idx.length];
        for (int i = 0; i < idx.length; i++) v[i] = values[idx[i]];
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? ms(v[m]) : (ms(v[m - 1]) + ms(v[m])) / 2;
    }

    /** p50 is the true median; other percentiles are nearest-rank; p100 is the max. In ms. */
    static double pct(long[] values, double p) {
        long[] v = values.clone();
        Arrays.sort(v);
        if (p == 50) {
            int m = v.length / 2;
            return v.length % 2 == 1 ? ms(v[m]) : (ms(v[m - 1]) + ms(v[m])) / 2;
        }
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return ms(v[Math.max(0, Math.min(v.length - 1, rank - 1))]);
    }

    static double ms(long nanos) { return nanos / 1e6; }

    static double secs(long nanos) { return nanos / 1e9; }

    // ================================================================ scenario: classes
    //
    // C teachers, each with a class of S students, every socket open. All C teachers mark at once, each with
    // window 1 (its next mark leaves when its own echo of the previous one is back): W warm-up marks (not
    // timed), then M measured marks, then DONE in every class. Every socket checks that it gets exactly the
    // broadcasts of its own class, in order.

    /** One class of the classes scenario: accounts, the plan of W+M marks, timings and sockets. */
    static final class ClassRun {
        final int index;
        final String[] studentIds;
        final String[] studentTokens;
        String teacherToken;
        String classId;
        String[] planSid;     // per mark: studentId (W warm-up marks first, then M measured ones)
        String[] planStatus;  // per mark: "present" | "absent"
        int expPresent;
        int expAbsent;
        long[] tSend;
        long[] tEcho;
        AtomicLongArray tLast;   // max receive time over the class's student sockets
        AtomicIntegerArray recv; // how many of the class's student sockets received the mark
        final LinkedBlockingQueue<Integer> echoes = new LinkedBlockingQueue<>();
        ClassSock teacher;
        ClassSock[] socks;
        int summariesSent;       // TODAY_SUMMARY frames this class's teacher sent (the room barrier)

        ClassRun(int index, int students) {
            this.index = index;
            this.studentIds = new String[students];
            this.studentTokens = new String[students];
        }

        /** Same rule as the single scenario (cycle through the students, flip on each pass), offset per class. */
        void plan(int total) {
            int n = studentIds.length;
            planSid = new String[total];
            planStatus = new String[total];
            String[] last = new String[n];
            for (int i = 0; i < total; i++) {
                int s = i % n;
                planSid[i] = studentIds[s];
                planStatus[i] = ((s + i / n + index) % 2 == 0) ? "present" : "absent";
                last[s] = planStatus[i];
            }
            expPresent = 0;
            for (String st : last) if ("present".equals(st)) expPresent++;
            expAbsent = n - expPresent; // unmarked students become absent on DONE
            tSend = new long[total];
            tEcho = new long[total];
            tLast = new AtomicLongArray(total);
            recv = new AtomicIntegerArray(total);
        }
    }

    static ClassRun[] classRuns;
    static final Map<String, Integer> classOfStudent = new java.util.concurrent.ConcurrentHashMap<>();
    static CountDownLatch warmDelivered;     // a student socket counts down once it has every warm-up mark
    static CountDownLatch measuredDelivered; // ... once it has the last mark of its class's plan
    static CountDownLatch classDoneLatch;    // every socket counts down on its first DONE

    static int runClasses() throws Exception {
        http = newHttpClient();
        String runId = newRunId();
        final int nClasses = classCount, perClass = studentsPerClass, warm = warmupMarks, planLen = warmupMarks + marks;

        // 1. accounts: C teachers and C*S students, signup + login (two bcrypts each) on a bounded pool
        long t0 = System.nanoTime();
        classRuns = new ClassRun[nClasses];
        for (int c = 0; c < nClasses; c++) classRuns[c] = new ClassRun(c, perClass);
        ExecutorService pool = newPool(signupThreads, "signup");
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (ClassRun cr : classRuns) {
                fs.add(pool.submit(() -> {
                    String email = "bench-" + runId + "-c" + cr.index + "-t@example.com";
                    signup("Bench Teacher " + cr.index, email, "teacher");
                    cr.teacherToken = login(email);
                    return null;
                }));
                for (int i = 0; i < perClass; i++) {
                    final int s = i;
                    fs.add(pool.submit(() -> {
                        String email = "bench-" + runId + "-c" + cr.index + "-s" + s + "@example.com";
                        cr.studentIds[s] = signup("Bench Student " + cr.index + "." + s, email, "student");
                        cr.studentTokens[s] = login(email);
                        return null;
                    }));
                }
            }
            awaitAll(fs, "signups");
            long tAccounts = System.nanoTime();
            // 2. per class (in parallel on the same pool): create, enrol one by one, start the session
            fs.clear();
            for (ClassRun cr : classRuns) {
                fs.add(pool.submit(() -> {
                    cr.classId = field(post("/class", "{\"className\":\"Bench " + runId + " c" + cr.index + "\"}",
                            cr.teacherToken, 201), "_id");
                    for (String sid : cr.studentIds) {
                        post("/class/" + cr.classId + "/add-student", "{\"studentId\":\"" + sid + "\"}", cr.teacherToken, 200);
                    }
                    post("/attendance/start", "{\"classId\":\"" + cr.classId + "\"}", cr.teacherToken, 200);
                    return null;
                }));
            }
            awaitAll(fs, "class setup");
            log(String.format(Locale.ROOT, "setup: %d teachers + %d students signed up + logged in in %.1fs (%d threads), "
                            + "%d classes created, enrolled and started in %.1fs", nClasses, nClasses * perClass,
                    secs(tAccounts - t0), signupThreads, nClasses, secs(System.nanoTime() - tAccounts)));
        } finally {
            pool.shutdownNow();
        }
        for (ClassRun cr : classRuns) {
            cr.plan(planLen);
            for (String sid : cr.studentIds) classOfStudent.put(sid, cr.index);
        }
        warmDelivered = new CountDownLatch(nClasses * perClass);
        measuredDelivered = new CountDownLatch(nClasses * perClass);
        classDoneLatch = new CountDownLatch(nClasses * (perClass + 1));

        // 3. sockets: C*(S+1), over --http-clients clients, bounded handshakes in flight
        int nSockets = nClasses * (perClass + 1);
        String[] tokens = new String[nSockets];
        ClassSock[] all = new ClassSock[nSockets];
        int k = 0;
        for (ClassRun cr : classRuns) {
            cr.teacher = new ClassSock(cr, -1);
            tokens[k] = cr.teacherToken;
            all[k++] = cr.teacher;
            cr.socks = new ClassSock[perClass];
            for (int i = 0; i < perClass; i++) {
                cr.socks[i] = new ClassSock(cr, i);
                tokens[k] = cr.studentTokens[i];
                all[k++] = cr.socks[i];
            }
        }
        HttpClient[] clients = new HttpClient[httpClients];
        for (int i = 0; i < clients.length; i++) clients[i] = newSocketClient();
        Map<String, Integer> openFailures = new LinkedHashMap<>();
        long tOpen0 = System.nanoTime();
        int opened = openBounded(clients, tokens, all, openFailures, 1);
        if (opened < nSockets) {
            throw new IllegalStateException((nSockets - opened) + " of " + nSockets + " WebSockets did not open: " + openFailures);
        }
        // room barrier, class by class: TODAY_SUMMARY until the teacher and every student socket has one
        long tBarrier = System.nanoTime();
        for (ClassRun cr : classRuns) {
            boolean inRoom = false;
            for (int attempt = 1; attempt <= 10 && !inRoom; attempt++) {
                send(cr.teacher, "{\"event\":\"TODAY_SUMMARY\"}");
                cr.summariesSent++;
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (!(inRoom = cr.teacher.summaries >= cr.summariesSent && allHaveSummary(cr.socks))
                        && System.nanoTime() < until) {
                    remainingNanos("room barrier");
                    Thread.sleep(5);
                }
            }
            if (!inRoom) throw new IllegalStateException("class " + cr.index + ": some sockets never received TODAY_SUMMARY");
        }
        log(String.format(Locale.ROOT, "sockets: %d open in %.1fs over %d HttpClients, every class's sockets in its room "
                        + "(barrier %.0f ms)", nSockets, secs(tBarrier - tOpen0), clients.length, ms(System.nanoTime() - tBarrier)));
        Thread.sleep(200);

        ExecutorService drivers = newPool(nClasses, "teacher");
        try {
            // 4. warm-up marks, all teachers at once, not timed
            if (warm > 0) {
                boolean ok = runPhase(drivers, 0, warm);
                if (ok && !warmDelivered.await(Math.max(0, remainingNanos("warm-up deliveries")), TimeUnit.NANOSECONDS)) {
                    errors.add("warm-up marks did not reach every student socket within 30 s");
                }
                Thread.sleep(200);
                log(String.format(Locale.ROOT, "warm-up: %d marks per teacher done", warm));
            }

            // 5. measured marks, all teachers at once
            long[] cpu0 = serverPid > 0 ? cpuTicks(serverPid) : null;
            long[] selfCpu0 = cpuTicks(ProcessHandle.current().pid());
            boolean ok = runPhase(drivers, warm, planLen);
            boolean allDelivered = ok && measuredDelivered.await(Math.max(0, remainingNanos("deliveries")), TimeUnit.NANOSECONDS);
            long tDelivered = System.nanoTime();
            long[] cpu1 = serverPid > 0 ? cpuTicks(serverPid) : null;
            long[] selfCpu1 = cpuTicks(ProcessHandle.current().pid());

            // 6. DONE in every class, then a quiet moment so that a frame leaking into another class shows up
            for (ClassRun cr : classRuns) send(cr.teacher, "{\"event\":\"DONE\"}");
            boolean allDone = classDoneLatch.await(Math.max(0, remainingNanos("DONE")), TimeUnit.NANOSECONDS);
            Thread.sleep(300);
            int doneProblems = checkClassesDone();
            int missing = checkClassDeliveries(planLen);
            checkSummaryCounts();

            closing = true;
            List<ClassSock> list = Arrays.asList(all);
            closeSockets(list, 5);

            reportClasses(tDelivered, allDelivered, cpu0, cpu1, selfCpu0, selfCpu1, allDone && doneProblems == 0, missing);
        } finally {
            drivers.shutdownNow();
        }
        return errors.isEmpty() ? 0 : 1;
    }

    /** Every teacher sends marks [from, to) of its plan with window 1, all teachers at once. False if one failed. */
    static boolean runPhase(ExecutorService drivers, int from, int to) throws Exception {
        List<Future<Boolean>> fs = new ArrayList<>();
        for (ClassRun cr : classRuns) fs.add(drivers.submit(() -> drive(cr, from, to)));
        boolean ok = true;
        for (Future<Boolean> f : fs) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new TimeoutException("global --timeout " + timeoutSeconds + "s exceeded while marking");
            try {
                ok &= f.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new TimeoutException("global --timeout " + timeoutSeconds + "s exceeded while marking");
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof TimeoutException te) throw te;
                errors.add("teacher driver failed: " + e.getCause());
                ok = false;
            }
        }
        return ok;
    }

    /** One teacher: marks [from, to) with window 1. False (with the reason in errors) if an echo went wrong. */
    static boolean drive(ClassRun cr, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            String frame = "{\"event\":\"ATTENDANCE_MARKED\",\"data\":{\"studentId\":\"" + cr.planSid[i]
                    + "\",\"status\":\"" + cr.planStatus[i] + "\"}}";
            cr.tSend[i] = System.nanoTime();
            send(cr.teacher, frame);
            Integer got = cr.echoes.poll(remainingNanos("class " + cr.index + " mark " + (i + 1)), TimeUnit.NANOSECONDS);
            if (got == null) throw new TimeoutException("class " + cr.index + ": no teacher echo for mark " + (i + 1) + " in 30 s");
            if (got != i) {
                errors.add("class " + cr.index + " teacher: expected the echo of mark " + (i + 1) + ", got "
                        + (got < 0 ? "an error/mismatch" : "mark " + (got + 1)) + "; this teacher stopped");
                return false;
            }
        }
        return true;
    }

    /** Each socket must have exactly one DONE with the counts of its class. Returns the number of problems. */
    static int checkClassesDone() {
        int problems = 0;
        for (ClassRun cr : classRuns) {
            List<ClassSock> socks = new ArrayList<>(Arrays.asList(cr.socks));
            socks.add(cr.teacher);
            int without = 0;
            for (ClassSock s : socks) {
                if (s.doneFrame == null) { without++; continue; }
                String frame = s.doneFrame;
                if (!"Attendance persisted".equals(field(frame, "message")) || num(frame, "present") != cr.expPresent
                        || num(frame, "absent") != cr.expAbsent || num(frame, "total") != cr.studentIds.length) {
                    errors.add(s.who() + ": DONE " + frame + " but expected present=" + cr.expPresent + " absent="
                            + cr.expAbsent + " total=" + cr.studentIds.length);
                    problems++;
                }
                if (s.dones > 1) problems++; // reported as "second DONE" when it arrived
            }
            if (without > 0) {
                errors.add("class " + cr.index + ": " + without + " of " + socks.size() + " sockets got no DONE");
                problems++;
            }
        }
        return problems;
    }

    /** Every student socket must have every mark of its class. Returns the number of missing deliveries. */
    static int checkClassDeliveries(int planLen) {
        int missing = 0, reported = 0;
        for (ClassRun cr : classRuns) {
            for (int i = 0; i < planLen; i++) {
                int miss = cr.studentIds.length - cr.recv.get(i);
                if (miss > 0) {
                    missing += miss;
                    if (reported++ < 5) {
                        errors.add("class " + cr.index + " mark " + (i + 1) + " reached " + cr.recv.get(i) + "/"
                                + cr.studentIds.length + " student sockets");
                    }
                }
            }
        }
        if (missing > 0) errors.add(missing + " student deliveries missing in all");
        return missing;
    }

    /** A socket with more TODAY_SUMMARY frames than its own teacher sent got another class's broadcast. */
    static void checkSummaryCounts() {
        for (ClassRun cr : classRuns) {
            if (cr.teacher.summaries != cr.summariesSent) {
                errors.add(cr.teacher.who() + ": " + cr.teacher.summaries + " TODAY_SUMMARY received, " + cr.summariesSent + " sent");
            }
            for (ClassSock s : cr.socks) {
                if (s.summaries > cr.summariesSent) {
                    errors.add(s.who() + ": " + s.summaries + " TODAY_SUMMARY received but its teacher sent "
                            + cr.summariesSent + " (another class's broadcast leaked in)");
                }
            }
        }
    }

    static void reportClasses(long tDelivered, boolean allDelivered, long[] cpu0, long[] cpu1,
                              long[] selfCpu0, long[] selfCpu1, boolean doneOk, int missing) {
        int warm = warmupMarks, planLen = warmupMarks + marks;
        int perClass = studentsPerClass;
        List<Long> latL = new ArrayList<>(), fanL = new ArrayList<>();
        long firstSend = Long.MAX_VALUE, lastEcho = Long.MIN_VALUE;
        double slowest = Double.POSITIVE_INFINITY, fastest = 0;
        for (ClassRun cr : classRuns) {
            for (int i = warm; i < planLen; i++) {
                if (cr.tSend[i] == 0 || cr.tEcho[i] == 0) continue; // a failed teacher stopped early
                latL.add(cr.tEcho[i] - cr.tSend[i]);
                firstSend = Math.min(firstSend, cr.tSend[i]);
                lastEcho = Math.max(lastEcho, cr.tEcho[i]);
                if (cr.recv.get(i) == perClass) fanL.add(cr.tLast.get(i) - cr.tSend[i]);
            }
            if (cr.tEcho[planLen - 1] != 0) {
                double rate = marks / secs(cr.tEcho[planLen - 1] - cr.tSend[warm]);
                slowest = Math.min(slowest, rate);
                fastest = Math.max(fastest, rate);
            }
        }
        long[] lat = latL.stream().mapToLong(Long::longValue).toArray();
        long[] fan = fanL.stream().mapToLong(Long::longValue).toArray();
        int measured = lat.length;
        double wall = measured > 0 ? secs(lastEcho - firstSend) : Double.NaN;
        double marksPerSec = measured / wall;
        int totalMarks = classCount * marks;
        long clk = clockTicksPerSecond();
        Double serverCpuMs = cpu0 != null && cpu1 != null ? (cpu1[0] + cpu1[1] - cpu0[0] - cpu0[1]) * 1000.0 / clk : null;
        double clientCpuMs = selfCpu0 != null && selfCpu1 != null
                ? (selfCpu1[0] + selfCpu1[1] - selfCpu0[0] - selfCpu0[1]) * 1000.0 / clk : Double.NaN;
        boolean ok = errors.isEmpty();

        if (!jsonOut) {
            StringBuilder o = new StringBuilder();
            o.append(String.format(Locale.ROOT, "marks: %d classes x %d students, %d teachers marking at once (window 1 each), "
                            + "%d measured marks per teacher (+%d warm-up)%n", classCount, perClass, classCount, marks, warm));
            o.append(String.format(Locale.ROOT, "throughput: %d marks in %.2fs -> %.1f marks/s in total "
                            + "(per teacher: slowest %.1f, fastest %.1f marks/s)%n",
                    measured, wall, marksPerSec, slowest, fastest));
            if (measured > 0) {
                o.append(String.format(Locale.ROOT, "echo latency (send -> own teacher echo), ms: p50 %.3f  p90 %.3f  p99 %.3f  max %.3f%n",
                        pct(lat, 50), pct(lat, 90), pct(lat, 99), pct(lat, 100)));
            }
            if (fan.length > 0) {
                o.append(String.format(Locale.ROOT, "fan-out completion (send -> last of the class's %d students), ms: p50 %.3f  p99 %.3f  max %.3f%s%n",
                        perClass, pct(fan, 50), pct(fan, 99), pct(fan, 100),
                        fan.length < totalMarks ? "  (over " + fan.length + " fully delivered marks)" : ""));
            }
            o.append(String.format(Locale.ROOT, "all student deliveries done %.1f ms after the last echo%s%n",
                    measured > 0 ? ms(tDelivered - lastEcho) : Double.NaN, allDelivered ? "" : " (INCOMPLETE)"));
            if (serverCpuMs != null) {
                o.append(String.format(Locale.ROOT, "server CPU (pid %d, utime+stime, CLK_TCK %d) during measured marks: %.0f ms total, %.3f ms/mark%n",
                        serverPid, clk, serverCpuMs, serverCpuMs / Math.max(1, measured)));
            }
            o.append(String.format(Locale.ROOT, "client CPU during measured marks: %.3f ms/mark%n", clientCpuMs / Math.max(1, measured)));
            o.append(String.format(Locale.ROOT, "delivery: %s; DONE: %s%n",
                    missing == 0 ? "every student socket got every mark of its class and nothing else" : missing + " deliveries MISSING",
                    doneOk ? "exactly one per socket, counts right in all " + classCount + " classes" : "WRONG (see reasons)"));
            o.append(ok ? "result: OK\n" : "result: FAILED (" + errors.size() + " problems)\n");
            appendReasons(o);
            System.out.print(o);
        } else {
            StringBuilder j = new StringBuilder("{\"scenario\":\"classes\"");
            j.append(",\"ok\":").append(ok);
            j.append(",\"classes\":").append(classCount).append(",\"students_per_class\":").append(perClass);
            j.append(",\"marks_per_teacher\":").append(marks).append(",\"warmup_per_teacher\":").append(warm);
            j.append(",\"measured_marks\":").append(measured);
            j.append(",\"marks_per_s\":").append(n(marksPerSec));
            j.append(",\"teacher_marks_per_s\":{\"min\":").append(n(slowest)).append(",\"max\":").append(n(fastest)).append('}');
            j.append(",\"latency_ms\":").append(measured == 0 ? "null" : "{\"p50\":" + n(pct(lat, 50)) + ",\"p90\":"
                    + n(pct(lat, 90)) + ",\"p99\":" + n(pct(lat, 99)) + ",\"max\":" + n(pct(lat, 100)) + "}");
            j.append(",\"fanout_ms\":").append(fan.length == 0 ? "null" : "{\"p50\":" + n(pct(fan, 50)) + ",\"p99\":"
                    + n(pct(fan, 99)) + ",\"max\":" + n(pct(fan, 100)) + ",\"marks\":" + fan.length + "}");
            j.append(",\"server_cpu_ms_per_mark\":").append(serverCpuMs == null ? "null" : n(serverCpuMs / Math.max(1, measured)));
            j.append(",\"client_cpu_ms_per_mark\":").append(n(clientCpuMs / Math.max(1, measured)));
            j.append(",\"missing_deliveries\":").append(missing);
            j.append(",\"done_ok\":").append(doneOk);
            j.append(",\"errors\":").append(errors.size());
            j.append(",\"reasons\":").append(reasonsJson());
            j.append('}');
            System.out.println(j);
        }
    }

    /** Classes scenario: the socket of class {@code cls}'s teacher (student == -1) or of its student {@code student}. */
    static final class ClassSock extends TextSock {
        final ClassRun cls;
        final int student;
        int next = 0;                 // next expected mark of the plan; touched only by this socket's callbacks
        boolean warmCounted = false;
        volatile int summaries = 0;
        volatile int dones = 0;
        volatile String doneFrame;

        ClassSock(ClassRun cls, int student) {
            this.cls = cls;
            this.student = student;
        }

        @Override
        String who() { return "class " + cls.index + (student < 0 ? " teacher" : " student " + student); }

        @Override
        void onDropped(String why) {
            super.onDropped(why);
            if (student < 0) cls.echoes.offer(-3);
        }

        @Override
        void onMessage(String msg, long t) {
            String event = field(msg, "event");
            if (event == null) {
                errors.add(who() + ": frame without event: " + msg);
                return;
            }
            switch (event) {
                case "ATTENDANCE_MARKED" -> onMark(field(msg, "studentId"), field(msg, "status"), t, msg);
                case "TODAY_SUMMARY" -> {
                    summaries++;
                    if (num(msg, "total") != 0) errors.add(who() + ": TODAY_SUMMARY before any mark has total != 0: " + msg);
                }
                case "DONE" -> {
                    dones++;
                    if (doneFrame == null) {
                        doneFrame = msg;
                        classDoneLatch.countDown();
                    } else {
                        errors.add(who() + ": second DONE (another class's?) " + msg);
                    }
                }
                case "ERROR" -> {
                    errors.add(who() + ": ERROR frame " + msg);
                    if (student < 0) cls.echoes.offer(-2);
                }
                default -> errors.add(who() + ": unexpected event " + msg);
            }
        }

        void onMark(String sid, String status, long t, String msg) {
            Integer owner = sid == null ? null : classOfStudent.get(sid);
            if (owner == null || owner != cls.index) {
                errors.add(who() + ": got a mark of " + (owner == null ? "an unknown student" : "class " + owner)
                        + " (cross-class leak): " + msg);
                if (student < 0) cls.echoes.offer(-1);
                return;
            }
            int found = -1;
            for (int j = next; j < cls.planSid.length; j++) {
                if (cls.planSid[j].equals(sid) && cls.planStatus[j].equals(status)) { found = j; break; }
            }
            if (found < 0) {
                errors.add(who() + ": unexpected ATTENDANCE_MARKED (expected mark " + (next + 1) + "): " + msg);
                if (student < 0) cls.echoes.offer(-1);
                return;
            }
            if (found > next) {
                errors.add(who() + ": marks " + (next + 1) + "-" + found + " skipped (got mark " + (found + 1) + ")");
            }
            next = found + 1;
            if (student < 0) {
                cls.tEcho[found] = t; // published to the driver thread by the queue hand-off
                cls.echoes.offer(found);
            } else {
                cls.tLast.accumulateAndGet(found, t, Math::max);
                cls.recv.incrementAndGet(found);
                if (!warmCounted && next >= warmupMarks) {
                    warmCounted = true;
                    warmDelivered.countDown();
                }
                if (next == cls.planSid.length) measuredDelivered.countDown();
            }
        }
    }

    // ================================================================ scenario: idle
    //
    // N idle authenticated sockets spread over U users (signups cost a bcrypt each, so few users), opened with
    // bounded concurrency over several HttpClients, held for --hold seconds, then closed. With --server-pid the
    // server's heap is measured (jcmd GC.run + GC.heap_info) before opening and while holding.

    /** Idle scenario: one socket that should receive nothing and stay open. */
    static final class IdleSock extends TextSock {
        static final AtomicInteger droppedCount = new AtomicInteger();
        static CountDownLatch pongs;
        final int index;
        volatile boolean dropped = false;
        volatile boolean ponged = false;

        IdleSock(int index) { this.index = index; }

        @Override
        String who() { return "socket " + index; }

        @Override
        void onDropped(String why) {
            if (!dropped) {
                dropped = true;
                droppedCount.incrementAndGet();
                super.onDropped(why);
            }
        }

        @Override
        void onMessage(String msg, long t) {
            errors.add(who() + ": " + ("ERROR".equals(field(msg, "event")) ? "ERROR frame " : "unexpected frame ") + msg);
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, java.nio.ByteBuffer message) {
            if (!ponged && pongs != null) {
                ponged = true;
                pongs.countDown();
            }
            webSocket.request(1);
            return null;
        }
    }

    static int runIdle() throws Exception {
        http = newHttpClient();
        String runId = newRunId();
        final int n = idleSockets, nUsers = Math.min(idleUsers, idleSockets);

        // 1. users: alternately teacher and student, none in any class
        long t0 = System.nanoTime();
        String[] userTokens = new String[nUsers];
        ExecutorService pool = newPool(signupThreads, "signup");
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int u = 0; u < nUsers; u++) {
                final int i = u;
                fs.add(pool.submit(() -> {
                    String role = i % 2 == 0 ? "teacher" : "student";
                    String email = "bench-" + runId + "-u" + i + "@example.com";
                    signup("Bench Idle " + i, email, role);
                    userTokens[i] = login(email);
                    return null;
                }));
            }
            awaitAll(fs, "signups");
        } finally {
            pool.shutdownNow();
        }
        log(String.format(Locale.ROOT, "setup: %d users (teachers and students alternately) signed up + logged in in %.1fs",
                nUsers, secs(System.nanoTime() - t0)));

        // 2. heap before
        List<String> heapNotes = new ArrayList<>();
        long heapBefore = serverPid > 0 ? heapUsedAfterGc(serverPid, heapNotes) : -1;
        if (heapBefore >= 0) log(String.format(Locale.ROOT, "server heap used before opening (after GC.run): %.1f MiB", heapBefore / 1048576.0));

        // 3. open
        String[] tokens = new String[n];
        IdleSock[] socks = new IdleSock[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = userTokens[i % nUsers];
            socks[i] = new IdleSock(i);
        }
        HttpClient[] clients = new HttpClient[httpClients];
        for (int i = 0; i < clients.length; i++) clients[i] = newHttpClient();
        Map<String, Integer> openFailures = new LinkedHashMap<>();
        long tOpen0 = System.nanoTime();
        int opened = openBounded(clients, tokens, socks, openFailures, maxOpenFailures);
        long tOpen1 = System.nanoTime();
        int notTried = openFailures.getOrDefault(NOT_TRIED, 0);
        int failedOpens = n - opened - notTried;
        log(String.format(Locale.ROOT, "open: %d of %d sockets in %.1fs (%.0f/s, at most %d handshakes in flight, %d HttpClients), "
                        + "%d failed, %d not tried%s", opened, n, secs(tOpen1 - tOpen0), opened / secs(tOpen1 - tOpen0),
                openInFlight, clients.length, failedOpens, notTried, openFailures.isEmpty() ? "" : " " + openFailures));
        if (opened < n) errors.add((n - opened) + " of " + n + " sockets did not open: " + openFailures);

        // 4. hold; the heap is measured a moment after the last open (the server registers sockets after the handshake)
        long holdEnd = tOpen1 + TimeUnit.SECONDS.toNanos(holdSeconds);
        Thread.sleep(Math.min(1000, Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
        long heapHolding = serverPid > 0 ? heapUsedAfterGc(serverPid, heapNotes) : -1;
        if (heapHolding >= 0) log(String.format(Locale.ROOT, "server heap used while holding (after GC.run): %.1f MiB", heapHolding / 1048576.0));
        while (System.nanoTime() < holdEnd) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new TimeoutException("global --timeout " + timeoutSeconds + "s exceeded while holding");
            TimeUnit.NANOSECONDS.sleep(Math.min(Math.min(left, holdEnd - System.nanoTime()), TimeUnit.MILLISECONDS.toNanos(500)));
        }
        double heldSecs = secs(System.nanoTime() - tOpen1);

        // 5. still alive? one ping per open socket, pongs awaited at most 10 s
        List<IdleSock> live = new ArrayList<>();
        for (IdleSock s : socks) if (s.ws != null && !s.dropped) live.add(s);
        IdleSock.pongs = new CountDownLatch(live.size());
        for (IdleSock s : live) {
            s.ws.sendPing(java.nio.ByteBuffer.wrap(new byte[]{'b'})).exceptionally(ex -> null);
        }
        IdleSock.pongs.await(Math.max(0, Math.min(deadline - System.nanoTime(), TimeUnit.SECONDS.toNanos(10))), TimeUnit.NANOSECONDS);
        int alive = (int) (live.size() - IdleSock.pongs.getCount());
        int dropped = IdleSock.droppedCount.get();
        if (dropped > 0) errors.add(dropped + " sockets were closed by the server or failed while held");
        if (alive < live.size()) errors.add((live.size() - alive) + " open sockets did not answer a ping within 10 s");

        // 6. close
        closing = true;
        long tClose0 = System.nanoTime();
        List<IdleSock> openOnes = new ArrayList<>();
        for (IdleSock s : socks) if (s.ws != null) openOnes.add(s);
        int closed = closeSockets(openOnes, 10);
        double closeSecs = secs(System.nanoTime() - tClose0);

        // 7. report
        long grew = heapBefore >= 0 && heapHolding >= 0 ? heapHolding - heapBefore : -1;
        Double perSocket = grew >= 0 && opened > 0 ? (double) (heapHolding - heapBefore) / opened : null;
        boolean ok = errors.isEmpty();
        if (!jsonOut) {
            StringBuilder o = new StringBuilder();
            o.append(String.format(Locale.ROOT, "sockets: %d requested over %d users, %d opened, %d failed, %d not tried, in %.1fs%n",
                    n, nUsers, opened, failedOpens, notTried, secs(tOpen1 - tOpen0)));
            o.append(String.format(Locale.ROOT, "held: %.1fs; dropped while held: %d; alive at the end (pong): %d of %d%n",
                    heldSecs, dropped, alive, live.size()));
            o.append(String.format(Locale.ROOT, "closed: %d close frames sent in %.1fs%n", closed, closeSecs));
            if (serverPid > 0) {
                if (perSocket != null) {
                    o.append(String.format(Locale.ROOT, "server heap used (jcmd GC.run + GC.heap_info, pid %d): before %.1f MiB, "
                                    + "holding %.1f MiB, +%.1f MiB -> %.0f bytes (%.1f KiB) per socket%n",
                            serverPid, heapBefore / 1048576.0, heapHolding / 1048576.0, grew / 1048576.0, perSocket, perSocket / 1024));
                } else {
                    o.append("server heap: not measured ").append(heapNotes).append('\n');
                }
            }
            o.append(ok ? "result: OK\n" : "result: FAILED (" + errors.size() + " problems)\n");
            appendReasons(o);
            System.out.print(o);
        } else {
            StringBuilder j = new StringBuilder("{\"scenario\":\"idle\"");
            j.append(",\"ok\":").append(ok);
            j.append(",\"sockets\":").append(n).append(",\"users\":").append(nUsers);
            j.append(",\"opened\":").append(opened).append(",\"failed\":").append(failedOpens).append(",\"not_tried\":").append(notTried);
            j.append(",\"open_s\":").append(n(secs(tOpen1 - tOpen0)));
            j.append(",\"open_failures\":{");
            int f = 0;
            for (Map.Entry<String, Integer> e : openFailures.entrySet()) {
                j.append(f++ == 0 ? "" : ",").append(jstr(e.getKey())).append(':').append(e.getValue());
            }
            j.append('}');
            j.append(",\"held_s\":").append(n(heldSecs));
            j.append(",\"dropped\":").append(dropped).append(",\"alive\":").append(alive).append(",\"closed\":").append(closed);
            j.append(",\"heap_used_bytes\":").append(heapBefore < 0 && heapHolding < 0 ? "null"
                    : "{\"before\":" + (heapBefore < 0 ? "null" : heapBefore) + ",\"holding\":" + (heapHolding < 0 ? "null" : heapHolding) + "}");
            j.append(",\"heap_bytes_per_socket\":").append(perSocket == null ? "null" : n(perSocket));
            j.append(",\"errors\":").append(errors.size());
            j.append(",\"reasons\":").append(reasonsJson());
            j.append('}');
            System.out.println(j);
        }
        return ok ? 0 : 1;
    }

    // ---------------------------------------------------------------- jcmd (idle scenario)

    /**
     * {@code jcmd PID GC.run}, then {@code jcmd PID GC.heap_info}; returns the heap's used bytes (Metaspace and
     * class space left out), or -1 with the reason added to {@code notes}.
     */
    static long heapUsedAfterGc(long pid, List<String> notes) {
        try {
            jcmd(pid, "GC.run");
            String info = jcmd(pid, "GC.heap_info");
            long used = parseHeapUsed(info);
            if (used < 0) notes.add("cannot read heap used from: " + info.replace('\n', ' '));
            return used;
        } catch (Exception e) {
            notes.add("jcmd failed: " + e.getMessage());
            return -1;
        }
    }

    static String jcmd(long pid, String command) throws Exception {
        Path own = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        String exe = Files.isExecutable(own) ? own.toString() : "jcmd";
        Process p = new ProcessBuilder(exe, Long.toString(pid), command).redirectErrorStream(true).start();
        long wait = Math.max(1, Math.min(TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()), 60));
        if (!p.waitFor(wait, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new TimeoutException("jcmd " + command + " took more than " + wait + " s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new IllegalStateException("jcmd " + command + " exit " + p.exitValue() + ": " + out.trim());
        return out;
    }

    static final Pattern USED_AFTER = Pattern.compile("\\bused (\\d+)([KMG])\\b");  // G1, Parallel, Serial, ZGC
    static final Pattern USED_BEFORE = Pattern.compile("\\b(\\d+)([KMG]) used\\b"); // Shenandoah

    /** Sums "used NK" over the heap lines of GC.heap_info (generations, if any); -1 if there is none. */
    static long parseHeapUsed(String info) {
        long sum = 0;
        boolean any = false;
        for (String line : info.split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) continue;
            Matcher m = USED_AFTER.matcher(line);
            if (!m.find()) {
                m = USED_BEFORE.matcher(line);
                if (!m.find()) continue;
            }
            long v = Long.parseLong(m.group(1));
            sum += switch (m.group(2)) {
                case "K" -> v << 10;
                case "M" -> v << 20;
                default -> v << 30;
            };
            any = true;
        }
        return any ? sum : -1;
    }

    // ---------------------------------------------------------------- shared helpers (classes + idle)

    static String newRunId() {
        return Long.toString(System.currentTimeMillis(), 36) + "-" + Long.toString((long) (Math.random() * 1e9), 36);
    }

    static ExecutorService newPool(int threads, String name) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread th = new Thread(r, name);
            th.setDaemon(true);
            return th;
        });
    }

    /** Waits for every future within the global deadline; the first failure is rethrown as IllegalStateException. */
    static void awaitAll(List<? extends Future<?>> fs, String what) throws Exception {
        for (Future<?> f : fs) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new TimeoutException("global --timeout " + timeoutSeconds + "s exceeded during " + what);
            try {
                f.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new TimeoutException("global --timeout " + timeoutSeconds + "s exceeded during " + what);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof TimeoutException te) throw te;
                throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    static boolean allHaveSummary(ClassSock[] socks) {
        for (ClassSock s : socks) if (s.summaries == 0) return false;
        return true;
    }

    /** The first 10 problems, one per line, for the text report. */
    static void appendReasons(StringBuilder o) {
        int i = 0;
        for (String e : errors) {
            if (i++ == 10) { o.append("  ... ").append(errors.size() - 10).append(" more\n"); break; }
            o.append("  reason: ").append(e).append('\n');
        }
    }

    /** The first 10 problems as a JSON array of strings. */
    static String reasonsJson() {
        StringBuilder j = new StringBuilder("[");
        int i = 0;
        for (String e : errors) {
            if (i == 10) break;
            j.append(i++ == 0 ? "" : ",").append(jstr(e));
        }
        return j.append(']').toString();
    }

    static String jstr(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    // ---------------------------------------------------------------- /proc

    /** utime, stime (fields 14 and 15 of /proc/pid/stat) in clock ticks; null if unreadable. */
    static long[] cpuTicks(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" "); // f[0] is field 3 (state)
            return new long[]{Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static long clkTck = 0;

    /** `getconf CLK_TCK`; 100 (the Linux USER_HZ on this machine) if it cannot be run. */
    static long clockTicksPerSecond() {
        if (clkTck > 0) return clkTck;
        clkTck = 100;
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            if (p.waitFor(5, TimeUnit.SECONDS)) {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                long v = Long.parseLong(out);
                if (v > 0) clkTck = v;
            } else {
                p.destroyForcibly();
            }
        } catch (Exception ignored) {
            // keep 100
        }
        return clkTck;
    }

    // ---------------------------------------------------------------- HTTP

    static String signup(String name, String email, String role) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"email\":\"" + email + "\",\"password\":\"bench-password\",\"role\":\"" + role + "\"}";
        String id = field(post("/auth/signup", body, null, 201), "_id");
        if (id == null) throw new IllegalStateException("signup of " + email + " returned no _id");
        return id;
    }

    static String login(String email) throws Exception {
        String token = field(post("/auth/login", "{\"email\":\"" + email + "\",\"password\":\"bench-password\"}", null, 200), "token");
        if (token == null) throw new IllegalStateException("login of " + email + " returned no token");
        return token;
    }

    /** POSTs JSON, checks the status and the success envelope, returns the raw body. */
    static String post(String path, String json, String token, int expectStatus) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofNanos(remainingNanos("POST " + path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) b.header("Authorization", token);
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new TimeoutException("POST " + path + " timed out");
        } catch (java.net.ConnectException e) {
            throw new IllegalStateException("cannot connect to " + url + " (is the server running?)", e);
        }
        if (r.statusCode() != expectStatus || !SUCCESS.matcher(r.body()).find()) {
            throw new IllegalStateException("POST " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    // ---------------------------------------------------------------- tiny JSON extraction

    static final Pattern SUCCESS = Pattern.compile("\"success\"\\s*:\\s*true");

    /**
     * The patterns of {@link #field} and {@link #num}, compiled once per name: compiled per frame, they were 14 % of
     * the client's CPU in the classes scenario (a profile), CPU taken from the server it shares the machine with.
     */
    static final Map<String, Pattern> FIELD_PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();
    static final Map<String, Pattern> NUM_PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    /** First string value of "name" anywhere in the text (ids, tokens, events here carry no escapes). */
    static String field(String json, String name) {
        Matcher m = FIELD_PATTERNS.computeIfAbsent(name, n ->
                Pattern.compile("\"" + Pattern.quote(n) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")).matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /** First integer value of "name" anywhere in the text; Long.MIN_VALUE if absent. */
    static long num(String json, String name) {
        Matcher m = NUM_PATTERNS.computeIfAbsent(name, n ->
                Pattern.compile("\"" + Pattern.quote(n) + "\"\\s*:\\s*(-?\\d+)")).matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : Long.MIN_VALUE;
    }

    // ---------------------------------------------------------------- WebSocket

    static HttpClient.Builder httpClientBuilder() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10));
    }

    static HttpClient newHttpClient() {
        return httpClientBuilder().build();
    }

    /**
     * A client for the classes scenario's sockets: their frames are handled on its selector thread instead of being
     * handed to a pool thread each (a profile of the client put 13.5 % of its CPU in those hand-offs). The listeners
     * never block, so nothing waits on that thread.
     */
    static HttpClient newSocketClient() {
        return httpClientBuilder().executor(Runnable::run).build();
    }

    static CompletableFuture<WebSocket> openSocket(String token, TextSock sock) {
        return openSocket(http, token, sock);
    }

    static CompletableFuture<WebSocket> openSocket(HttpClient client, String token, TextSock sock) {
        URI u = URI.create(url.replaceFirst("^http", "ws") + "/ws?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        return client.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .buildAsync(u, sock)
                .thenApply(ws -> { sock.ws = ws; return ws; });
    }

    /**
     * Opens {@code socks[i]} with {@code tokens[i]}, spread round-robin over {@code clients}, with at most
     * {@link #openInFlight} handshakes in flight. Each open gets at most 30 s. Once {@code maxFailures} opens have
     * failed, no more are started (a server at its connection limit would make each of them wait 30 s). Returns
     * how many opened; failures are counted by reason into {@code failures}, and the sockets never tried under
     * the key {@link #NOT_TRIED}. Throws TimeoutException at the global deadline.
     */
    static int openBounded(HttpClient[] clients, String[] tokens, TextSock[] socks, Map<String, Integer> failures,
                           int maxFailures) throws Exception {
        Semaphore inFlight = new Semaphore(openInFlight);
        CountDownLatch finished = new CountDownLatch(socks.length);
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < socks.length; i++) {
            if (failed.get() >= maxFailures) {
                synchronized (failures) {
                    failures.put(NOT_TRIED, socks.length - i);
                }
                for (int j = i; j < socks.length; j++) finished.countDown();
                break;
            }
            if (!inFlight.tryAcquire(remainingNanos("opening sockets"), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException("no socket handshake finished for 30 s while opening socket " + (i + 1));
            }
            openSocket(clients[i % clients.length], tokens[i], socks[i])
                    .orTimeout(30, TimeUnit.SECONDS)
                    .whenComplete((ws, ex) -> {
                        if (ex == null) {
                            opened.incrementAndGet();
                        } else {
                            Throwable c = ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null
                                    ? ex.getCause() : ex;
                            String reason = c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
                            failed.incrementAndGet();
                            synchronized (failures) {
                                failures.merge(reason.length() > 120 ? reason.substring(0, 120) : reason, 1, Integer::sum);
                            }
                        }
                        inFlight.release();
                        finished.countDown();
                    });
        }
        if (!finished.await(Math.max(0, Math.min(deadline - System.nanoTime(), TimeUnit.SECONDS.toNanos(40))),
                TimeUnit.NANOSECONDS)) {
            throw new TimeoutException("socket handshakes still pending: " + finished.getCount());
        }
        return opened.get();
    }

    static final String NOT_TRIED = "not tried (stopped after --max-open-failures)";

    static void send(TextSock s, String frame) throws Exception {
        try {
            s.ws.sendText(frame, true).get(remainingNanos("sending a frame"), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("send failed: " + e.getCause(), e.getCause());
        }
    }

    static void closeAll(Sock teacher, Sock[] socks) {
        List<TextSock> all = new ArrayList<>(Arrays.asList(socks));
        all.add(teacher);
        closeSockets(all, 5);
    }

    /**
     * Sends a close frame on every open socket and waits (at most {@code seconds}) for the sends; sockets whose
     * close did not go out in time are aborted. Returns how many closes were sent cleanly.
     */
    static int closeSockets(List<? extends TextSock> socks, int seconds) {
        List<CompletableFuture<WebSocket>> cs = new ArrayList<>();
        for (TextSock s : socks) if (s.ws != null) cs.add(s.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench done"));
        try {
            CompletableFuture.allOf(cs.toArray(new CompletableFuture[0])).get(seconds, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // counted below
        }
        int clean = 0;
        for (CompletableFuture<WebSocket> c : cs) {
            if (c.isDone() && !c.isCompletedExceptionally()) clean++;
        }
        for (TextSock s : socks) if (s.ws != null && !s.ws.isOutputClosed()) s.ws.abort();
        return clean;
    }

    /**
     * Base listener of every scenario: puts partial text frames together, hands each whole frame to
     * {@link #onMessage} with the time its last part arrived, and reports binary frames and server-side closes
     * or errors (unless the bench itself is closing) through {@link #onDropped}.
     */
    abstract static class TextSock implements WebSocket.Listener {
        final StringBuilder buf = new StringBuilder();
        volatile WebSocket ws;

        abstract String who();

        abstract void onMessage(String msg, long t);

        void onDropped(String why) {
            errors.add(who() + ": " + why);
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            this.ws = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long t = System.nanoTime(); // the frame is complete when its last part arrives
            buf.append(data);
            if (last) {
                String msg = buf.toString();
                buf.setLength(0);
                try {
                    onMessage(msg, t);
                } catch (RuntimeException e) {
                    errors.add(who() + ": " + e + " on " + msg);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
            errors.add(who() + ": unexpected binary frame");
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (!closing) onDropped("socket closed by server " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (!closing) onDropped("socket error " + error);
        }
    }

    /** Single scenario: the teacher's socket (student == -1) or student number {@code student}. */
    static final class Sock extends TextSock {
        final int student;
        int next = 0;                 // next expected mark; touched only by this socket's (serialized) callbacks
        volatile int summaries = 0;
        volatile String doneFrame;

        Sock(int student) { this.student = student; }

        @Override
        String who() { return student < 0 ? "teacher" : "student " + student; }

        @Override
        void onDropped(String why) {
            super.onDropped(why);
            if (student < 0) echoQueue.offer(-3);
        }

        @Override
        void onMessage(String msg, long t) {
            String event = field(msg, "event");
            if (event == null) {
                errors.add(who() + ": frame without event: " + msg);
                return;
            }
            switch (event) {
                case "ATTENDANCE_MARKED" -> onMark(field(msg, "studentId"), field(msg, "status"), t, msg);
                case "TODAY_SUMMARY" -> {
                    summaries++;
                    if (student < 0) teacherSummaries.offer(msg);
                }
                case "DONE" -> {
                    if (doneFrame == null) {
                        doneFrame = msg;
                        doneLatch.countDown();
                    } else {
                        errors.add(who() + ": second DONE " + msg);
                    }
                }
                case "ERROR" -> {
                    errors.add(who() + ": ERROR frame " + msg);
                    if (student < 0) echoQueue.offer(-2);
                }
                default -> errors.add(who() + ": unexpected event " + msg);
            }
        }

        /** Matches the broadcast against the plan, in order; a skipped mark is a missing delivery. */
        void onMark(String sid, String status, long t, String msg) {
            int found = -1;
            for (int j = next; j < marks; j++) {
                if (markStudent[j].equals(sid) && markStatus[j].equals(status)) { found = j; break; }
            }
            if (found < 0) {
                errors.add(who() + ": unexpected ATTENDANCE_MARKED (expected mark " + (next + 1) + "): " + msg);
                if (student < 0) echoQueue.offer(-1);
                return;
            }
            if (found > next) {
                errors.add(who() + ": marks " + (next + 1) + "-" + found + " skipped (got mark " + (found + 1) + ")");
            }
            next = found + 1;
            if (student < 0) {
                tEcho[found] = t; // published to the main thread by the queue hand-off
                echoQueue.offer(found);
            } else {
                tLastStudent.accumulateAndGet(found, t, Math::max);
                studentRecv.incrementAndGet(found);
                if (next == marks) studentsComplete.countDown();
            }
        }
    }
}

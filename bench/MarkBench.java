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
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load client for Rollcall's live attendance protocol. Dependency-free, JDK 17 single-file program:
 *
 * <pre>java bench/MarkBench.java --url http://127.0.0.1:8000 --students 200 --marks 1000 --server-pid 1234 [--json]</pre>
 *
 * Sets up one teacher, N students, a class and a session over HTTP, opens N+1 WebSockets, sends M
 * ATTENDANCE_MARKED frames one at a time (the next one leaves when the teacher's own broadcast of the previous
 * one is back), then DONE, and reports latency, fan-out, throughput, growth over the run and server CPU per mark.
 * See bench/README.md. Exit status: 0 all checks passed, 1 a check failed (missing/unexpected broadcast, wrong
 * DONE counts, ERROR frame), 2 bad arguments, 3 timeout or fatal error.
 */
public final class MarkBench {

    // ---------------------------------------------------------------- configuration

    static String url = "http://127.0.0.1:8000";
    static int students = 200;
    static int marks = 1000;
    static long serverPid = -1;
    static boolean jsonOut = false;
    static int timeoutSeconds = 300;
    static int signupThreads = 8;

    /** Marks at the very start that are left out of the "first 10" group (connection/JIT warm-up). */
    static final int WARMUP = 2;
    /** Cap on any single wait (one reply, one HTTP call) inside the global deadline. */
    static final long STEP_CAP_NANOS = TimeUnit.SECONDS.toNanos(30);

    static long deadline; // System.nanoTime() by which everything must be over

    // ---------------------------------------------------------------- run state

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
            code = run();
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
        return "usage: java bench/MarkBench.java [--url http://127.0.0.1:8000] [--students 200] [--marks 1000]\n"
                + "                                [--server-pid PID] [--json] [--timeout 300] [--threads 8]";
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
                    default -> throw new IllegalArgumentException("unknown option " + k);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number for " + k + ": " + v);
            }
        }
        if (students < 1 || marks < 1 || timeoutSeconds < 1 || signupThreads < 1) {
            throw new IllegalArgumentException("--students, --marks, --timeout and --threads must be >= 1");
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

    // ---------------------------------------------------------------- the run

    static int run() throws Exception {
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
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

    // ---------------------------------------------------------------- report

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

    /** First string value of "name" anywhere in the text (ids, tokens, events here carry no escapes). */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /** First integer value of "name" anywhere in the text; Long.MIN_VALUE if absent. */
    static long num(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(-?\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : Long.MIN_VALUE;
    }

    // ---------------------------------------------------------------- WebSocket

    static CompletableFuture<WebSocket> openSocket(String token, Sock sock) {
        URI u = URI.create(url.replaceFirst("^http", "ws") + "/ws?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        return http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .buildAsync(u, sock)
                .thenApply(ws -> { sock.ws = ws; return ws; });
    }

    static void send(Sock s, String frame) throws Exception {
        try {
            s.ws.sendText(frame, true).get(remainingNanos("sending a frame"), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("send failed: " + e.getCause(), e.getCause());
        }
    }

    static void closeAll(Sock teacher, Sock[] socks) {
        List<CompletableFuture<?>> cs = new ArrayList<>();
        cs.add(teacher.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench done"));
        for (Sock s : socks) cs.add(s.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench done"));
        try {
            CompletableFuture.allOf(cs.toArray(new CompletableFuture[0])).get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the process exits right after anyway
        }
    }

    /** One socket: the teacher's (student == -1) or student number {@code student}. */
    static final class Sock implements WebSocket.Listener {
        final int student;
        final StringBuilder buf = new StringBuilder();
        volatile WebSocket ws;
        int next = 0;                 // next expected mark; touched only by this socket's (serialized) callbacks
        volatile int summaries = 0;
        volatile String doneFrame;

        Sock(int student) { this.student = student; }

        String who() { return student < 0 ? "teacher" : "student " + student; }

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
            if (!closing) {
                errors.add(who() + ": socket closed by server " + statusCode + " " + reason);
                if (student < 0) echoQueue.offer(-3);
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (!closing) {
                errors.add(who() + ": socket error " + error);
                if (student < 0) echoQueue.offer(-3);
            }
        }

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

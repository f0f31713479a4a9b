"""The scale benchmark (``run.py --only scale``): one-thread echo servers
holding N concurrent TLS 1.3 connections from ``scale-load``, side by side,
and gossl's C server on two threads (``gossl-c-2``: one GosslTlsService
per thread on a shared port, SO_REUSEPORT) to show what the second core
adds. scale-load runs on the same two cores, so that is no 2x. gossl's
servers answer the way its docs advise (GosslTlsStream::received and
send_bytes()); ``gossl-c-streams`` is the C server answering the GIO way
instead, a read_async() and a write_all_async() per message, as the
glib-networking server does.

For each N (100, 1,000, 5,000, 10,000) and each contender, one sample is
a fresh server process and one ``scale-load`` run against it:

1. the server starts (a new ECDSA P-256 certificate, made for this run)
   and serves WARMUP connections (up, one short echo phase, closed), so
   that what it sets up once is not counted per connection; its RSS is
   read from /proc/PID/status;
2. ``scale-load`` brings N connections up, at most 128 under way at a
   time, as fast as the server takes them (a connection is up once its
   handshake is done and a first 64-byte message has come back):
   handshakes/s, and the server's CPU time per handshake from
   /proc/PID/stat;
3. with all N up and idle for a second, the server's CPU use over
   IDLE_SECONDS (/proc/PID/stat), then its RSS again: (after - before) / N
   is the memory per connection;
4. the echo phase: every connection sends 64 bytes, waits for them and
   sends again, all N at once, for ECHO_SECONDS (--echo-seconds): round
   trips/s and the p50 and p99 latency; then the server's RSS again: its
   growth over the echo phase per 1,000 round trips (after the echo minus
   after the idle phase, over round trips / 1,000) is whether memory stays
   bounded while serving. Over a short phase it includes what the
   connections take once when they first get busy; a longer phase
   (``--echo-seconds 20``) shows the growth that goes on.

A contender that needs more than CONNECT_TIMEOUT seconds (--scale-timeout)
to bring N up is measured over that time (handshakes/s only) and left out
of every larger N.

Apart from N, once per run and contender: a fresh server (warmed up as
above), a burst of BURST connections at once, and the longest gap
between the ticks of the server's 10 ms timer meanwhile (SIGUSR1 resets
it, SIGUSR2 makes the server print it).

The contenders take turns, the order rotating from run to run; medians of
3 runs, 5 at N = 100 (``--quick``: N = 100 and 1,000, 1 run). Ratios
are each gossl contender's over each baseline's median with "higher is
better" for all: contender / baseline for rates, baseline / contender for
memory, latency, idle CPU and the timer gap.
"""

import json
import os
import resource
import select
import shutil
import signal
import statistics
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
PYTHON = "/usr/bin/python3"

NS = [100, 1000, 5000, 10000]
QUICK_NS = [100, 1000]
BURST = 1000
RUNS = 3
WARMUP = 8
ECHO_SECONDS = 2.0
IDLE_SECONDS = 2.0
# Seconds a contender may take to bring N up; one that takes longer is
# measured over that time and left out of every larger N.
CONNECT_TIMEOUT = 60.0
SETTLE_SECONDS = 1.0
CPU_FLOOR = 0.1          # % : idle CPU below this counts as this, for ratios
BUSY_SHARE = 0.10        # others' share of the machine that marks a run preliminary

CONTENDERS = ["gossl-c", "gossl-c-streams", "gossl-c-2", "gossl-gjs", "gossl-py",
              "glib-networking-nodb", "glib-networking", "asyncio", "uvloop"]
GOSSL = ["gossl-c", "gossl-c-streams", "gossl-c-2", "gossl-gjs", "gossl-py"]
BASELINES = ["glib-networking-nodb", "glib-networking", "asyncio", "uvloop"]
NAMES = {
    "gossl-c": "gossl C (GosslTlsStream, answering by signal)",
    "gossl-c-streams": "gossl C, GIO streams (read_async, write_all_async)",
    "gossl-c-2": "gossl C, 2 threads (SO_REUSEPORT)",
    "gossl-gjs": "gossl from GJS",
    "gossl-py": "gossl from Python (PyGObject loop)",
    "glib-networking-nodb": "glib-networking, database NULL",
    "glib-networking": "glib-networking, default database",
    "asyncio": "asyncio + ssl",
    "uvloop": "uvloop + ssl",
}
SHORT = {"glib-networking-nodb": "nodb", "glib-networking": "glib-net default",
         "asyncio": "asyncio", "uvloop": "uvloop", "gossl-c": "gossl C",
         "gossl-c-2": "gossl C 2 threads", "gossl-c-streams": "gossl C GIO streams",
         "gossl-gjs": "GJS", "gossl-py": "Python"}

# metric -> (label, unit, higher is better)
METRICS = {
    "kib_per_conn": ("memory per connection", "KiB", False),
    "handshakes_per_s": ("handshakes/s while N arrive", "handshakes/s", True),
    "round_trips_per_s": ("echo round trips/s, all N active", "round trips/s", True),
    "p50_ms": ("echo latency p50", "ms", False),
    "p99_ms": ("echo latency p99", "ms", False),
    "idle_cpu_pct": ("server CPU, N idle connections", "% of a CPU", False),
}
# The contenders whose ratios to the baselines are printed, with their
# names there.
RATIO_TABLES = {"gossl-c": "gossl in C", "gossl-c-streams": "gossl in C with GIO streams",
                "gossl-c-2": "gossl in C on two threads"}
# gossl-c-2's ratios in the chart: what a second thread may change (all of
# them are in the tables; the chart would double with every metric).
CHART_2_THREADS = ["handshakes_per_s", "round_trips_per_s", "p99_ms"]
# Reported per contender, without ratios: a growth near 0 (or below, when
# the allocator gives memory back) makes a ratio meaningless.
EXTRA = {
    "server_cpu_us_per_handshake": ("server CPU per handshake", "us"),
    "rss_growth_kib_per_1k_rt": ("server RSS growth over the echo phase per 1,000 round trips",
                                 "KiB"),
}
GAP = ("longest 10 ms-timer gap, %d handshakes at once" % BURST, "ms")
# What item 3 of issue 14 asks of gossl in C: lead every baseline (ratio
# >= 1), memory <= 24 KiB per connection, a timer gap under 50 ms.
TARGET_RATIO = 1.0
TARGET_KIB = 24.0
TARGET_GAP_MS = 50.0


# --- Processes ---------------------------------------------------------------

class LineReader:
    """Lines from a child's stdout, with a timeout, without Python's
    buffering hiding a line from select()."""

    def __init__(self, fd):
        self.fd = fd
        self.buf = b""

    def read(self, timeout):
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no line within %.0f s" % timeout)
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                chunk = os.read(self.fd, 4096)
                if not chunk:
                    raise EOFError("the process closed its output")
                self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode()


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS for %d" % pid)


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # utime and stime are fields 14 and 15 of stat(5); [0] here is field 3.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    def __init__(self, cmd, env, tmp):
        self.err_path = os.path.join(tmp, "server.err")
        self.err = open(self.err_path, "w")
        self.proc = subprocess.Popen(cmd, env=env, cwd=TOP, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=self.err)
        self.out = LineReader(self.proc.stdout.fileno())
        try:
            line = self.out.read(30)
        except (TimeoutError, EOFError) as e:
            self.stop()
            raise RuntimeError("%s did not start (%s): %s" % (" ".join(cmd), e, self.stderr()))
        if not line.startswith("listening "):
            self.stop()
            raise RuntimeError("%s printed %r" % (" ".join(cmd), line))
        self.port = int(line.split()[1])
        self.pid = self.proc.pid

    def stderr(self):
        with open(self.err_path) as f:
            return f.read()[-2000:]

    def gap_ms(self):
        self.proc.send_signal(signal.SIGUSR2)
        line = self.out.read(120)
        if not line.startswith("gap_ms "):
            raise RuntimeError("server printed %r" % line)
        return float(line.split()[1])

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self.err.close()


class Load:
    def __init__(self, exe, port, n, burst, timeout, echo_seconds=ECHO_SECONDS):
        cmd = [exe, "--port", str(port), "--connections", str(n),
               "--echo-seconds", str(echo_seconds), "--timeout", str(timeout)]
        if burst:
            cmd.append("--burst")
        self.proc = subprocess.Popen(cmd, cwd=TOP, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.out = LineReader(self.proc.stdout.fileno())

    def result(self, timeout):
        try:
            return json.loads(self.out.read(timeout))
        except (TimeoutError, EOFError) as e:
            self.proc.kill()
            raise RuntimeError("scale-load: %s: %s" % (e, self.proc.stderr.read().decode()[-2000:]))

    def tell(self, line):
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def finish(self):
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()


# --- Contenders ----------------------------------------------------------------

def servers(build_dir, cert, key, gossl_env, base_env):
    """name -> (command, environment) of each server this machine can run,
    and name -> why not for the others."""
    bench = os.path.join(os.path.abspath(build_dir), "benchmarks")
    gio = os.path.join(bench, "scale-server-gio")
    ok, missing = {}, {}
    ok["gossl-c"] = ([os.path.join(bench, "scale-server-gossl"), cert, key], gossl_env)
    ok["gossl-c-streams"] = ([os.path.join(bench, "scale-server-gossl"), cert, key, "--streams"],
                             gossl_env)
    ok["gossl-c-2"] = ([os.path.join(bench, "scale-server-gossl"), cert, key, "--threads", "2"],
                       gossl_env)
    gjs = shutil.which("gjs")
    if gjs:
        ok["gossl-gjs"] = ([gjs, "-m", os.path.join(HERE, "scale-server.js"), cert, key], gossl_env)
    else:
        missing["gossl-gjs"] = "gjs is not installed"
    ok["gossl-py"] = ([PYTHON, "-s", os.path.join(HERE, "scale_server_gossl.py"), cert, key],
                      gossl_env)
    ok["glib-networking-nodb"] = ([gio, cert, key, "--no-database"], base_env)
    ok["glib-networking"] = ([gio, cert, key], base_env)
    asyncio_py = os.path.join(HERE, "scale_server_asyncio.py")
    ok["asyncio"] = ([PYTHON, "-I", asyncio_py, cert, key], base_env)
    if subprocess.run([PYTHON, "-I", "-c", "import uvloop"], stderr=subprocess.DEVNULL).returncode == 0:
        ok["uvloop"] = ([PYTHON, "-I", asyncio_py, cert, key, "--uvloop"], base_env)
    else:
        missing["uvloop"] = "python3-uvloop is not installed"
    return ok, missing


def make_certificate(tmp):
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=localhost"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cert, key


def versions():
    def dpkg(name):
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True).stdout.strip()
    return {"glib-networking": dpkg("glib-networking"), "gjs": dpkg("gjs"),
            "uvloop": dpkg("python3-uvloop"), "gnutls": dpkg("libgnutls30")}


# --- Samples -------------------------------------------------------------------

def machine_share(machine, fn):
    """Runs fn(); returns (its result, share of the machine that processes
    other than this run's took meanwhile)."""
    c0, (b0, _), w0 = machine.children_cpu(), machine.cpu_times(), time.monotonic()
    result = fn()
    wall = time.monotonic() - w0
    c1, (b1, _) = machine.children_cpu(), machine.cpu_times()
    own = c1 - c0
    others = (b1 - b0) / machine.hz - own
    return result, max(others, 0.0) / (wall * machine.ncpu)


def warm_up(load_exe, server, timeout):
    """WARMUP connections up, one echo phase, and closed, between two
    pauses: what a server sets up once, on its first connections (OpenSSL's
    and the language's lazy initialisation, the allocator's first arenas),
    is then neither memory per connection nor handshake time at small N."""
    time.sleep(SETTLE_SECONDS / 2)
    load = Load(load_exe, server.port, WARMUP, False, timeout, 0.2)
    try:
        load.result(timeout + 30)
        load.tell("echo")
        load.result(60)
    finally:
        load.finish()
    time.sleep(SETTLE_SECONDS / 2)


def connections_sample(load_exe, cmd, env, n, tmp, timeout, echo_seconds):
    server = Server(cmd, env, tmp)
    try:
        warm_up(load_exe, server, timeout)
        rss0 = rss_kib(server.pid)
        cpu0 = cpu_seconds(server.pid)
        load = Load(load_exe, server.port, n, False, timeout, echo_seconds)
        try:
            up = load.result(timeout + 30)
            cpu1 = cpu_seconds(server.pid)
            sample = {
                "n": n, "up": up["up"], "complete": up["complete"], "errors": up["errors"],
                "connect_seconds": up["seconds"],
                "handshakes_per_s": up["handshakes_per_s"],
                "server_cpu_us_per_handshake": 1e6 * (cpu1 - cpu0) / max(up["up"], 1),
            }
            if not up["complete"]:
                return sample
            time.sleep(SETTLE_SECONDS)
            c0, w0 = cpu_seconds(server.pid), time.monotonic()
            time.sleep(IDLE_SECONDS)
            c1, w1 = cpu_seconds(server.pid), time.monotonic()
            sample["idle_cpu_pct"] = 100 * (c1 - c0) / (w1 - w0)
            rss1 = rss_kib(server.pid)
            sample["rss_before_kib"], sample["rss_after_kib"] = rss0, rss1
            sample["kib_per_conn"] = (rss1 - rss0) / n
            load.tell("echo")
            echo = load.result(echo_seconds + 60)
            rss2 = rss_kib(server.pid)
            sample.update(round_trips_per_s=echo["round_trips_per_s"], p50_ms=echo["p50_ms"],
                          p99_ms=echo["p99_ms"], echo_errors=echo["errors"],
                          echo_round_trips=echo["round_trips"], rss_after_echo_kib=rss2,
                          rss_growth_kib_per_1k_rt=(rss2 - rss1) / (echo["round_trips"] / 1000)
                          if echo["round_trips"] > 0 else None)
            return sample
        finally:
            load.finish()
    finally:
        server.stop()


def burst_sample(load_exe, cmd, env, tmp, timeout):
    server = Server(cmd, env, tmp)
    try:
        warm_up(load_exe, server, timeout)
        server.proc.send_signal(signal.SIGUSR1)
        time.sleep(0.3)
        load = Load(load_exe, server.port, BURST, True, timeout)
        try:
            up = load.result(timeout + 30)
            gap = server.gap_ms()
        finally:
            load.finish()
        return {"n": BURST, "gap_ms": gap, "burst_seconds": up["seconds"],
                "complete": up["complete"], "errors": up["errors"]}
    finally:
        server.stop()


# --- The run -----------------------------------------------------------------

def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def mem_available_kib():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1])
    return 0


def run_scale(args, machine, build_dir, gossl_env, base_env, log):
    ns = [int(x) for x in args.scale_ns.split(",")] if args.scale_ns else (
        QUICK_NS if args.quick else NS)
    runs = 1 if args.quick else RUNS
    timeout = args.scale_timeout or CONNECT_TIMEOUT
    echo_seconds = args.echo_seconds or ECHO_SECONDS
    fd_limit = raise_fd_limit()
    tmp = tempfile.mkdtemp(prefix="gossl-scale-")
    load_exe = os.path.join(os.path.abspath(build_dir), "benchmarks", "scale-load")
    skipped = []
    samples = {}
    dropped = set()  # contenders left out of every larger N
    try:
        cert, key = make_certificate(tmp)
        cmds, missing = servers(build_dir, cert, key, gossl_env, base_env)
        for name, why in missing.items():
            skipped.append({"contender": name, "n": None, "why": why})
            log("scale: no %s: %s" % (name, why))
        names = [c for c in CONTENDERS if c in cmds]

        def take(name, what, fn):
            for attempt in range(2):
                machine.wait_idle()
                try:
                    result, others = machine_share(machine, fn)
                except RuntimeError as e:
                    log("    %s %s failed: %s" % (name, what, e))
                    if attempt == 1:
                        return None
                    continue
                result["others_cpu_share"] = round(others, 4)
                return result
            return None

        log("scale: burst of %d handshakes" % BURST)
        for run in range(runs):
            order = names[run % len(names):] + names[:run % len(names)]
            for name in order:
                cmd, env = cmds[name]
                r = take(name, "burst", lambda: burst_sample(load_exe, cmd, env, tmp, timeout))
                if r is None:
                    continue
                r.update(contender=name, run=run)
                samples.setdefault("burst", {}).setdefault(name, []).append(r)
                log("  run %d %-21s gap %7.1f ms  (%d up in %.1f s)  [others %.0f%%]" % (
                    run + 1, name, r["gap_ms"], BURST, r["burst_seconds"],
                    100 * r["others_cpu_share"]))

        for n in ns:
            if n + 64 > fd_limit:
                why = "needs %d descriptors, the limit is %d" % (n + 64, fd_limit)
                skipped.append({"contender": None, "n": n, "why": why})
                log("scale: N=%d skipped: %s" % (n, why))
                continue
            log("scale: N=%d" % n)
            present = []
            for name in names:
                why = None
                if name in dropped:
                    why = "did not bring a smaller N up within %.0f s" % timeout
                else:
                    prev = [m for m, by in samples.items() if m != "burst" and name in by
                            and by[name] and "kib_per_conn" in by[name][0]]
                    if prev:
                        last = samples[max(prev)][name]
                        kib = statistics.median(s["kib_per_conn"] for s in last)
                        # A slow contender is still tried: how far it gets in
                        # the time allowed is its handshake rate at this N.
                        if kib * n > 0.5 * mem_available_kib():
                            why = "would take %.1f GiB (%.0f KiB per connection), more than " \
                                  "half the memory available" % (kib * n / 1048576, kib)
                if why:
                    skipped.append({"contender": name, "n": n, "why": why})
                    log("  %s skipped: %s" % (name, why))
                else:
                    present.append(name)
            for run in range(runs_at(n, runs)):
                order = present[run % max(len(present), 1):] + present[:run % max(len(present), 1)]
                for name in order:
                    if name in dropped:
                        continue
                    cmd, env = cmds[name]
                    r = take(name, "N=%d" % n,
                             lambda: connections_sample(load_exe, cmd, env, n, tmp, timeout,
                                                        echo_seconds))
                    if r is None:
                        continue
                    r.update(contender=name, run=run)
                    samples.setdefault(n, {}).setdefault(name, []).append(r)
                    if not r["complete"]:
                        dropped.add(name)
                        log("  run %d %-21s only %d of %d up in %.0f s (%.0f handshakes/s); "
                            "left out from here" % (run + 1, name, r["up"], n,
                                                    r["connect_seconds"], r["handshakes_per_s"]))
                        continue
                    log("  run %d %-21s %6.1f KiB/conn %7.0f hs/s (%5.0f us CPU each) "
                        "%8.0f rt/s p50 %6.1f p99 %6.1f ms idle %5.1f%% RSS %+.2f KiB/1k rt  "
                        "[others %.0f%%]" % (
                            run + 1, name, r["kib_per_conn"], r["handshakes_per_s"],
                            r["server_cpu_us_per_handshake"], r["round_trips_per_s"],
                            r["p50_ms"], r["p99_ms"], r["idle_cpu_pct"],
                            r["rss_growth_kib_per_1k_rt"] or 0.0, 100 * r["others_cpu_share"]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return summarize(samples, runs, skipped, timeout, echo_seconds)


def runs_at(n, runs):
    """Runs at N: more at N = 100, whose connect phase lasts under 0.1 s:
    three runs of one server there spread over 1,100-1,700 handshakes/s
    (2026-12-02), so three medians could rank the servers either way."""
    return runs + 2 if n <= 100 and runs > 1 else runs


def runs_text(runs):
    return "%d" % runs if runs == 1 else "%d runs, %d at N = 100" % (runs, runs_at(100, runs))


def median_of(results, key):
    values = [r[key] for r in results if r.get(key) is not None and r.get("complete", True)]
    return statistics.median(values) if values else None


def ratio(metric, contender, baseline):
    if contender is None or baseline is None:
        return None
    higher = METRICS[metric][2] if metric in METRICS else False
    if metric == "idle_cpu_pct":
        contender, baseline = max(contender, CPU_FLOOR), max(baseline, CPU_FLOOR)
    if higher:
        return contender / baseline if baseline > 0 else None
    return baseline / contender if contender > 0 else None


def summarize(samples, runs, skipped, timeout, echo_seconds=ECHO_SECONDS):
    out = {"runs": runs, "runs_at_100": runs_at(100, runs), "burst": BURST,
           "echo_seconds": echo_seconds,
           "idle_seconds": IDLE_SECONDS, "connect_timeout": timeout,
           "versions": versions(), "skipped": skipped, "per_n": {}, "gap": {},
           "samples": [s for by in samples.values() for rs in by.values() for s in rs]}
    shares = [s["others_cpu_share"] for s in out["samples"] if "others_cpu_share" in s]
    out["others_cpu_share"] = statistics.median(shares) if shares else None
    burst = samples.get("burst", {})
    out["gap"]["medians"] = {name: median_of(rs, "gap_ms") for name, rs in burst.items()}
    out["gap"]["ratios"] = [
        {"contender": c, "baseline": b,
         "ratio": ratio("gap_ms", out["gap"]["medians"].get(c), out["gap"]["medians"].get(b)),
         "target": TARGET_RATIO if c == "gossl-c" else None}
        for c in GOSSL for b in BASELINES if c in burst and b in burst]
    for n, by_name in samples.items():
        if n == "burst":
            continue
        entry = {"medians": {}, "incomplete": {}, "ratios": []}
        for name, rs in by_name.items():
            if not any(r["complete"] for r in rs):
                r = rs[0]
                entry["incomplete"][name] = {"up": r["up"], "seconds": r["connect_seconds"],
                                             "handshakes_per_s": r["handshakes_per_s"]}
                continue
            entry["medians"][name] = {m: median_of(rs, m) for m in list(METRICS) + list(EXTRA)}
        for c in GOSSL:
            for b in BASELINES:
                if c not in entry["medians"] or b not in entry["medians"]:
                    continue
                for m in METRICS:
                    entry["ratios"].append({
                        "contender": c, "baseline": b, "metric": m,
                        "ratio": ratio(m, entry["medians"][c][m], entry["medians"][b][m]),
                        "target": TARGET_RATIO if c == "gossl-c" else None})
        out["per_n"][str(n)] = entry
    return out


# --- Output ------------------------------------------------------------------

def fmt(v, digits=None):
    if v is None:
        return "-"
    if digits == 0 and v >= 1000:
        return "{:,.0f}".format(v)
    if digits is not None:
        return "%.*f" % (digits, v)
    if v >= 1000:
        return "{:,.0f}".format(v)
    if v >= 10:
        return "%.1f" % v
    return "%.2f" % v


COLUMNS = [("kib_per_conn", "KiB/conn", 1), ("handshakes_per_s", "handshakes/s", 0),
           ("server_cpu_us_per_handshake", "server µs CPU/handshake", 0),
           ("round_trips_per_s", "round trips/s", 0), ("p50_ms", "p50 ms", 1),
           ("p99_ms", "p99 ms", 1), ("idle_cpu_pct", "idle CPU %", 1),
           ("rss_growth_kib_per_1k_rt", "RSS growth KiB/1k round trips", None)]


def rows(scale):
    """(N, contender, [cells]) for every N and contender, in order."""
    out = []
    for n, entry in sorted(scale["per_n"].items(), key=lambda kv: int(kv[0])):
        for name in CONTENDERS:
            if name in entry["medians"]:
                med = entry["medians"][name]
                out.append((int(n), name, [fmt(med.get(k), d) for k, _, d in COLUMNS]))
            elif name in entry["incomplete"]:
                inc = entry["incomplete"][name]
                cells = ["-"] * len(COLUMNS)
                cells[1] = "%s (only %d up in %.0f s)" % (fmt(inc["handshakes_per_s"], 0),
                                                          inc["up"], inc["seconds"])
                out.append((int(n), name, cells))
    return out


def ratio_text(entry, contender):
    """'vs nodb: mem 1.2, hs 0.8, ...' per baseline for *contender*."""
    short = {"kib_per_conn": "mem", "handshakes_per_s": "hs", "round_trips_per_s": "rt",
             "p50_ms": "p50", "p99_ms": "p99", "idle_cpu_pct": "idle"}
    out = []
    for b in BASELINES:
        rs = [r for r in entry["ratios"] if r["contender"] == contender and r["baseline"] == b]
        if rs:
            out.append((b, ", ".join("%s %s" % (short[r["metric"]], fmt(r["ratio"], 2))
                                     for r in rs)))
    return out


def print_table(scale, out):
    print("", file=out)
    print("scale: one-thread echo servers (and gossl C on 2 threads), N concurrent TLS 1.3 "
          "connections (ECDSA P-256) from scale-load; echo phase %g s; medians of %s"
          % (scale["echo_seconds"], runs_text(scale["runs"])), file=out)
    header = ["N", "server"] + [c[1] for c in COLUMNS]
    table = [header] + [[str(n), name] + cells for n, name, cells in rows(scale)]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for i, row in enumerate(table):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip(), file=out)
        if i == 0:
            print("  ".join("-" * w for w in widths), file=out)
    for contender in RATIO_TABLES:
        print("ratios, %s / baseline, higher is better (memory, latency, idle CPU: "
              "baseline / gossl):" % SHORT[contender], file=out)
        for n, entry in sorted(scale["per_n"].items(), key=lambda kv: int(kv[0])):
            for b, text in ratio_text(entry, contender):
                print("  N=%-6s vs %-21s %s" % (n, b, text), file=out)
    gap = scale["gap"]["medians"]
    if gap:
        print("longest 10 ms-timer gap, %d handshakes at once (ms): %s" % (
            scale["burst"], "  ".join("%s %s" % (SHORT.get(k, k), fmt(v, 1))
                                      for k, v in gap.items())), file=out)
    for s in scale["skipped"]:
        print("skipped: %s%s: %s" % (s["contender"] or "every contender",
                                     "" if s["n"] is None else " at N=%d" % s["n"], s["why"]),
              file=out)


def csv_rows(scale):
    """Rows in run.py's CSV columns: group, test, label, unit, contender,
    median, baseline, ratio, ratio_cpu, target, met."""
    out = []
    for n, entry in sorted(scale["per_n"].items(), key=lambda kv: int(kv[0])):
        for name, med in entry["medians"].items():
            for m, value in med.items():
                label, unit = METRICS[m][:2] if m in METRICS else EXTRA[m]
                out.append(["scale", "N=%s %s" % (n, m), label, unit, name,
                            "" if value is None else "%.4f" % value, "", "", "", "", ""])
        for r in entry["ratios"]:
            out.append(["scale", "N=%s %s" % (n, r["metric"]), METRICS[r["metric"]][0], "ratio",
                        r["contender"], "", r["baseline"],
                        "" if r["ratio"] is None else "%.4f" % r["ratio"], "",
                        "" if r["target"] is None else r["target"],
                        "" if r["target"] is None or r["ratio"] is None
                        else r["ratio"] >= r["target"]])
    for name, value in scale["gap"]["medians"].items():
        out.append(["scale", "gap", GAP[0], GAP[1], name,
                    "" if value is None else "%.4f" % value, "", "", "", TARGET_GAP_MS,
                    "" if name != "gossl-c" or value is None else value < TARGET_GAP_MS])
    for r in scale["gap"]["ratios"]:
        out.append(["scale", "gap", GAP[0], "ratio", r["contender"], "", r["baseline"],
                    "" if r["ratio"] is None else "%.4f" % r["ratio"], "",
                    "" if r["target"] is None else r["target"],
                    "" if r["target"] is None or r["ratio"] is None
                    else r["ratio"] >= r["target"]])
    return out


def markdown(scale):
    v = scale["versions"]
    lines = [
        "**Scale: one-thread echo servers holding N concurrent TLS 1.3 connections**, and gossl's "
        "C server on two threads "
        "(ECDSA P-256, 64-byte messages, echo phase of %g s; medians of %s; "
        "glib-networking %s (GnuTLS %s), GJS %s, uvloop %s)" % (
            scale["echo_seconds"], runs_text(scale["runs"]), v["glib-networking"], v["gnutls"],
            v["gjs"], v["uvloop"]),
        "",
        "| N | server | %s |" % " | ".join(c[1] for c in COLUMNS),
        "|---|---|%s" % ("---:|" * len(COLUMNS)),
    ]
    last = None
    for n, name, cells in rows(scale):
        lines.append("| %s | %s | %s |" % ("{:,}".format(n) if n != last else "", NAMES[name],
                                            " | ".join(cells)))
        last = n
    lines += ["", "RSS growth: the server's resident memory after the echo phase minus before it, "
              "per 1,000 round trips of the phase (lower is better; a short phase includes what "
              "the connections take once when they first get busy)."]
    for contender in RATIO_TABLES:
        lines += ["", "Ratios of %s to each baseline, higher is better for all (rates: gossl / "
                  "baseline; memory, latency, idle CPU: baseline / gossl):" % RATIO_TABLES[contender],
                  "",
                  "| N | baseline | memory | handshakes/s | round trips/s | p50 | p99 | idle CPU |",
                  "|---|---|---:|---:|---:|---:|---:|---:|"]
        for n, entry in sorted(scale["per_n"].items(), key=lambda kv: int(kv[0])):
            first = True
            for b in BASELINES:
                rs = {r["metric"]: r["ratio"] for r in entry["ratios"]
                      if r["contender"] == contender and r["baseline"] == b}
                if not rs:
                    continue
                lines.append("| %s | %s | %s |" % (
                    "{:,}".format(int(n)) if first else "", NAMES[b],
                    " | ".join(fmt(rs.get(m), 2) for m in METRICS)))
                first = False
    gap = scale["gap"]["medians"]
    if gap:
        lines += ["", "Longest gap between the ticks of the server's 10 ms timer while %d clients "
                  "handshake at once (ms, median): %s." % (
                      scale["burst"], ", ".join("%s %s" % (NAMES[k], fmt(gap[k], 1))
                                                for k in CONTENDERS if k in gap))]
    if scale["skipped"]:
        lines += ["", "Left out: " + "; ".join(
            "%s%s (%s)" % (NAMES.get(s["contender"], "every contender"),
                           "" if s["n"] is None else " at N = {:,}".format(s["n"]), s["why"])
            for s in scale["skipped"]) + "."]
    lines.append("")
    return lines


def bars(scale):
    """(label, ratio, target) for the chart: gossl in C against each
    baseline, per N and metric, then the timer gap; then gossl in C on two
    threads, on what the second thread is for (CHART_2_THREADS)."""
    short = {"kib_per_conn": "memory", "handshakes_per_s": "handshakes/s",
             "round_trips_per_s": "round trips/s", "p50_ms": "p50", "p99_ms": "p99",
             "idle_cpu_pct": "idle CPU"}
    out = []
    for n, entry in sorted(scale["per_n"].items(), key=lambda kv: int(kv[0])):
        for r in entry["ratios"]:
            if r["contender"] == "gossl-c" and r["ratio"] is not None:
                out.append(("N={:,} {} vs {}".format(int(n), short[r["metric"]],
                                                      SHORT[r["baseline"]]),
                            r["ratio"], r["target"]))
    for r in scale["gap"]["ratios"]:
        if r["contender"] == "gossl-c" and r["ratio"] is not None:
            out.append(("timer gap, burst, vs %s" % SHORT[r["baseline"]], r["ratio"], r["target"]))
    for n, entry in sorted(scale["per_n"].items(), key=lambda kv: int(kv[0])):
        for r in entry["ratios"]:
            if (r["contender"] == "gossl-c-2" and r["metric"] in CHART_2_THREADS
                    and r["ratio"] is not None):
                out.append(("2 threads: N={:,} {} vs {}".format(
                    int(n), short[r["metric"]], SHORT[r["baseline"]]), r["ratio"], r["target"]))
    return out

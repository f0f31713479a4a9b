"""Runs every benchmark, prints the table of medians and ratios, saves them.

    /usr/bin/python3 benchmarks/run.py --build-dir build-bench [options]

Normally started by ``benchmarks/run.sh``, which builds the release tree
first. Options:

``--runs N``        samples per contender and workload (default 7); the
                    table shows medians
``--bulk-mib N``    MiB each way in the bulk tests (default 256)
``--quick``         a smoke run: 3 runs, 32 MiB, fewer iterations
``--only LIST``     comma-separated groups among c, python, crypto, mem,
                    scale (not run unless asked for: about 25 minutes; see
                    scale_runner.py)
``--scale-ns LIST`` the numbers of connections of the scale group (default
                    100,1000,5000,10000; --quick: 100,1000 and 1 run)
``--scale-timeout S`` seconds a scale contender may take to bring N up
                    (default 60)
``--echo-seconds S`` seconds of the scale group's echo phase (default 2);
                    longer shows whether a server's memory stays bounded
``--pin MODE``      ``one`` (default): client and server of each TLS test,
                    and each crypto process, on one CPU (``--cpu N``; by
                    default the quietest CPU right before each sample);
                    ``split``: bulk tests with client on CPU 0 and server on
                    CPU 1, the others on one CPU; ``none``: wherever the
                    scheduler puts them
``--max-wait S``    the most seconds the whole run waits for an idle
                    machine (default 240); then it measures anyway, and the
                    disturbance of each sample is saved with it
``--out DIR``       where results.json and results.csv go
                    (default benchmarks/results)
``--instructions``  also count instructions under callgrind (not timed, so
                    the load does not matter; about 13 minutes on 2 CPUs)
``--instructions-only``  only that, into DIR/instructions.json, which
                    chart.py --instructions merges into a timing run's table

Each sample is one process (``bench-tls-*``, ``bench_tls.py``,
``bench_crypto.py``). For each workload the contenders take turns, run
after run, the order rotating, so that every ratio compares samples taken
minutes apart at most; a ratio is the contender's median over the
baseline's median, both from this invocation (the range of the per-run
ratios is shown beside it).

The machine must be otherwise idle: before each sample this waits (a
bounded time) until the CPUs are quiet, and measures how much CPU other
processes took during the sample; a sample disturbed by more than 10% of
the machine is taken again (twice at most), and what disturbance remains is
saved with it.

The memory check (10,000 handshakes in one process, gossl from C and from
Python, plain OpenSSL as the noise reference) makes the exit status 1 when
gossl's RSS grows by more than MEM_LIMIT_KIB after warm-up.
"""

import argparse
import concurrent.futures
import csv
import datetime
import json
import os
import platform
import resource
import statistics
import shutil
import subprocess
import sys
import tempfile
import time

import scale_runner

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
PYTHON = "/usr/bin/python3"  # Debian's: the one with gi and pyOpenSSL 23

MEM_LIMIT_KIB = 2048
DISTURBED = 0.10      # share of all CPUs others may use during a sample
IDLE_BUSY = 0.08      # share of all CPUs busy that still counts as idle
IDLE_WAIT_BUDGET = 240.0  # seconds spent waiting for idleness, whole run

TLS_TESTS = ["bulk13", "bulk12", "rtt", "hs-rsa", "hs-ecdsa"]
CRYPTO_TESTS = ["load_pem", "dump_pem", "cn_fresh", "cn_held", "genkey", "sign"]

LABELS = {
    "bulk13": "bulk TLS 1.3 AES-256-GCM",
    "bulk12": "bulk TLS 1.2 ECDHE-RSA-AES128-GCM",
    "rtt": "64-byte round trips",
    "hs-rsa": "handshakes RSA-2048",
    "hs-ecdsa": "handshakes ECDSA P-256",
    "load_pem": "load_certificate (PEM)",
    "dump_pem": "dump_certificate (PEM)",
    "cn_fresh": "get_subject().CN, fresh cert",
    "cn_held": "get_subject().CN, held cert",
    "genkey": "generate_key(TYPE_RSA, 2048)",
    "sign": "X509.sign (RSA-2048, sha256)",
}

# (group, test) -> [(contender, baseline, minimum ratio or None, strict)].
# A strict target fails the summary when missed; the others are shown.
TARGETS = {}
for _t in TLS_TESTS:
    TARGETS[("c", _t)] = [("gossl-c", "openssl-c", 0.97, True),
                          ("gossl-c-into", "openssl-c", 0.97, True)]
for _t in ("bulk13", "bulk12"):
    TARGETS[("python", _t)] = [
        ("gossl-py", "stdlib", 1.0, True),
        ("gossl-py", "pyopenssl", None, False),
    ]
TARGETS[("python", "rtt")] = [
    ("gossl-py", "stdlib", 1.0, True),
    ("gossl-py", "pyopenssl", 1.1, False),
]
for _t in ("hs-rsa", "hs-ecdsa"):
    TARGETS[("python", _t)] = [
        ("gossl-py", "pyopenssl", 1.0, True),
        ("gossl-py", "stdlib", None, False),
    ]
for _t, _min in (("load_pem", 1.0), ("dump_pem", 1.0), ("cn_fresh", 2.0),
                 ("cn_held", 2.0), ("genkey", None), ("sign", None)):
    TARGETS[("crypto", _t)] = [("gossl-py", "pyopenssl", _min, _min is not None)]


# --- The machine -------------------------------------------------------------

def cpu_times():
    """(busy, total) jiffies of all CPUs, from /proc/stat."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]
    total = sum(fields[:8])
    return total - idle, total


def per_cpu_times():
    """[(busy, total)] jiffies of each CPU, from /proc/stat."""
    out = []
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("cpu") and line[3].isdigit():
                fields = [int(x) for x in line.split()[1:]]
                idle = fields[3] + fields[4]
                total = sum(fields[:8])
                out.append((total - idle, total))
    return out


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Machine:
    cpu_times = staticmethod(cpu_times)
    children_cpu = staticmethod(children_cpu)

    def __init__(self):
        self.ncpu = os.cpu_count() or 1
        self.hz = os.sysconf("SC_CLK_TCK")
        self.wait_budget = IDLE_WAIT_BUDGET
        self.waited = 0.0

    def busy_share(self, seconds=0.4):
        b0, t0 = cpu_times()
        time.sleep(seconds)
        b1, t1 = cpu_times()
        return (b1 - b0) / max(t1 - t0, 1)

    def wait_idle(self):
        """Waits until others leave the CPUs alone, within the run's budget.
        Returns the busy share seen last."""
        share = self.busy_share()
        while share > IDLE_BUSY and self.waited < self.wait_budget:
            start = time.monotonic()
            time.sleep(1.0)
            share = self.busy_share()
            self.waited += time.monotonic() - start + 0.4
        return share

    def cpu_shares(self, seconds=0.4):
        before = per_cpu_times()
        time.sleep(seconds)
        after = per_cpu_times()
        return [(b1 - b0) / max(t1 - t0, 1) for (b0, t0), (b1, t1) in zip(before, after)]

    def choose_cpu(self, fixed=None):
        """The CPU for a one-CPU sample, once the whole machine is idle (or
        the run's waiting budget is spent): *fixed*, or the quietest one.
        The other CPUs must be idle too: virtual CPUs may be hyperthreads
        of one core, and a busy sibling slows a sample down by a third."""
        while True:
            shares = self.cpu_shares()
            cpu = fixed if fixed is not None else min(range(len(shares)), key=shares.__getitem__)
            if sum(shares) / len(shares) <= IDLE_BUSY or self.waited >= self.wait_budget:
                return cpu
            start = time.monotonic()
            time.sleep(1.0)
            self.waited += time.monotonic() - start + 0.4

    def run(self, cmd, env, cpu=None):
        """Runs one sample (on CPU *cpu* if given); returns (parsed JSON,
        share of the machine that other processes used meanwhile)."""
        c0 = children_cpu()
        b0, _ = cpu_times()
        w0 = time.monotonic()
        proc = subprocess.run(cmd, env=env, cwd=TOP, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True,
                              preexec_fn=None if cpu is None else
                              (lambda: os.sched_setaffinity(0, {cpu})))
        wall = time.monotonic() - w0
        b1, _ = cpu_times()
        c1 = children_cpu()
        if proc.returncode != 0:
            raise RuntimeError("%s failed (%d):\n%s%s" % (
                " ".join(cmd), proc.returncode, proc.stdout, proc.stderr))
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        others = (b1 - b0) / self.hz - (c1 - c0)
        return result, max(others, 0.0) / (wall * self.ncpu)


# --- Contenders ----------------------------------------------------------------

def contenders(build_dir):
    build = os.path.abspath(build_dir)
    files = os.path.join(TOP, "tests", "files")
    base_env = dict(os.environ)
    for name in ("PYTHONPATH", "GI_TYPELIB_PATH", "LD_LIBRARY_PATH", "PYTHONHOME"):
        base_env.pop(name, None)
    gossl_env = dict(base_env)
    gossl_env["LD_LIBRARY_PATH"] = os.path.join(build, "gossl")
    gossl_env["GI_TYPELIB_PATH"] = os.path.join(build, "introspection")
    gossl_env["PYTHONPATH"] = os.path.join(TOP, "introspection", "python")
    bench = os.path.join(build, "benchmarks")
    tls_py = os.path.join(HERE, "bench_tls.py")
    crypto_py = os.path.join(HERE, "bench_crypto.py")
    mem_py = os.path.join(HERE, "bench_mem.py")
    ff = ["--files", files]
    return {
        "openssl-c": (lambda t, o: [os.path.join(bench, "bench-tls-openssl"), t] + o + ff, base_env),
        "gossl-c": (lambda t, o: [os.path.join(bench, "bench-tls-gossl"), t] + o + ff, gossl_env),
        "gossl-c-into": (lambda t, o: [os.path.join(bench, "bench-tls-gossl-into"), t] + o + ff,
                         gossl_env),
        # -s: no user site; gossl's package comes first through PYTHONPATH.
        "gossl-py": (lambda t, o: [PYTHON, "-s", tls_py, "openssl-api", t] + o + ff, gossl_env),
        "pyopenssl": (lambda t, o: [PYTHON, "-I", tls_py, "openssl-api", t] + o + ff, base_env),
        "stdlib": (lambda t, o: [PYTHON, "-I", tls_py, "stdlib", t] + o + ff, base_env),
        "gossl-py-crypto": (lambda t, o: [PYTHON, "-s", crypto_py, t] + o + ff, gossl_env),
        "pyopenssl-crypto": (lambda t, o: [PYTHON, "-I", crypto_py, t] + o + ff, base_env),
        "gossl-py-mem": (lambda t, o: [PYTHON, "-s", mem_py] + o + ff, gossl_env),
    }


EXPECTED_IMPL = {
    "openssl-c": "openssl", "gossl-c": "gossl", "gossl-c-into": "gossl-into",
    "gossl-py": "gossl",
    "pyopenssl": "pyopenssl", "stdlib": "stdlib",
    "gossl-py-crypto": "gossl", "pyopenssl-crypto": "pyopenssl",
    "gossl-py-mem": "gossl-python",
}


# --- Running -----------------------------------------------------------------

def options_for(args, group, test):
    opts = []
    if test in TLS_TESTS and args.pin != "none":
        # "one": both sides on one CPU, so each hand-over between them is a
        # context switch and a sample measures the CPU time the two sides
        # spend. On two CPUs every hand-over wakes an idle virtual CPU, which
        # costs this VM more than the libraries do and varies from run to
        # run (8k against 50k plain C round trips/s). "split" still gives
        # the bulk tests a CPU per side, as they work at the same time.
        if args.pin == "split" and test.startswith("bulk"):
            opts += ["--cpus", "0,1"]
        else:
            opts += ["--cpus", ONE_CPU]
    if test.startswith("bulk"):
        return opts + ["--bytes", str(args.bulk_mib * 1048576)]
    if args.quick:
        quick = {"rtt": 5000, "hs-rsa": 150, "hs-ecdsa": 150, "mem": 2000,
                 "load_pem": 3000, "dump_pem": 5000, "cn_fresh": 5000,
                 "cn_held": 50000, "genkey": 3, "sign": 200}
        if test in quick:
            return opts + ["--count", str(quick[test])]
    return opts


# Stands for the CPU chosen right before each one-CPU sample.
ONE_CPU = "{cpu}"


def disturbance(result, others, one_cpu):
    """How much a sample was disturbed: the share of the machine other
    processes used meanwhile, and on one CPU also the share of its wall
    time that neither side spent on the CPU (someone else had it)."""
    cpu = result.get("client_cpu", 0) + result.get("server_cpu", 0)
    if one_cpu and cpu > 0 and result.get("seconds"):
        return max(others, 1.0 - cpu / result["seconds"])
    return others


def sample(machine, cmds, name, test, opts, log, pin=None):
    """One sample of *name* on *test*, taken again when disturbed. *pin*:
    "opts" when *opts* hold the one-CPU placeholder, "process" to run the
    whole process on one CPU, None for no pinning of ours."""
    build, env = cmds[name]
    one_cpu = pin is not None
    best = None
    for attempt in range(3):
        cpu = None
        if one_cpu:
            cpu = machine.choose_cpu(machine.fixed_cpu)
            cmd = build(test, [o.replace(ONE_CPU, "%d,%d" % (cpu, cpu)) for o in opts])
        else:
            machine.wait_idle()
            cmd = build(test, opts)
        result, others = machine.run(cmd, env, cpu if pin == "process" else None)
        result["cpu"] = cpu
        expected = EXPECTED_IMPL[name]
        if result["impl"] != expected:
            raise RuntimeError("%s ran %s, not %s (module %s)" % (
                name, result["impl"], expected, result.get("module")))
        result["others_cpu_share"] = round(others, 4)
        result["disturbed"] = round(disturbance(result, others, one_cpu), 4)
        cpu_seconds = result.get("client_cpu", 0) + result.get("server_cpu", 0)
        if "amount" in result and cpu_seconds > 0:
            # The rate per CPU second of both sides: what the sample would
            # give on a quiet CPU, whoever else ran meanwhile.
            result["cpu_value"] = result["amount"] / cpu_seconds
        result["attempt"] = attempt + 1
        if best is None or result["disturbed"] < best["disturbed"]:
            best = result
        if result["disturbed"] <= DISTURBED:
            break
        log("    (disturbed: %.0f%%, taking it again)" % (100 * result["disturbed"]))
    return best


def run_group(args, machine, cmds, group, tests, names, log):
    samples = {}
    for test in tests:
        opts = options_for(args, group, test)
        if args.pin == "none":
            pin = None
        elif group == "crypto":
            pin = "process"
        else:
            pin = "opts" if ONE_CPU in opts else None
        log("%s %s" % (group, test))
        for run in range(args.runs):
            order = names[run % len(names):] + names[:run % len(names)]
            for name in order:
                result = sample(machine, cmds, name, test, opts, log, pin)
                result.update(group=group, run=run, contender=name)
                samples.setdefault(test, {}).setdefault(name, []).append(result)
                log("  run %d %-16s %12.1f %s  (per CPU second: %.1f)%s" % (
                    run + 1, name, result["value"], result["unit"],
                    result.get("cpu_value", 0),
                    "  [disturbed %.0f%%]" % (100 * result["disturbed"])
                    if result["disturbed"] > DISTURBED else ""))
    return samples


def summarize(group, samples):
    """Medians per contender and the targets' ratios (median of per-run
    ratios) for one group."""
    summary = {}
    for test, by_name in samples.items():
        entry = {"label": LABELS.get(test, test), "medians": {}, "unit": None, "ratios": []}
        for name, results in by_name.items():
            entry["medians"][name] = statistics.median(r["value"] for r in results)
            entry["unit"] = results[0]["unit"]
            for key in ("cipher", "version"):
                if results[0].get(key):
                    entry.setdefault("negotiated", {})[name] = "%s %s" % (
                        results[0].get("cipher"), results[0].get("version"))
                    break
        for contender, baseline, minimum, strict in TARGETS.get((group, test), []):
            c_name = contender if group != "crypto" else contender + "-crypto"
            b_name = baseline if group != "crypto" else baseline + "-crypto"
            if c_name not in by_name or b_name not in by_name:
                continue
            pairs = list(zip(by_name[c_name], by_name[b_name]))
            per_run = [c["value"] / b["value"] for c, b in pairs]
            # The ratio of the medians: one slow sample (this VM has them,
            # idle or not) moves it less than it moves a per-run ratio.
            ratio = entry["medians"][c_name] / entry["medians"][b_name]
            cpu_c = [r["cpu_value"] for r in by_name[c_name] if "cpu_value" in r]
            cpu_b = [r["cpu_value"] for r in by_name[b_name] if "cpu_value" in r]
            entry["ratios"].append({
                "contender": contender, "baseline": baseline,
                "ratio": ratio, "per_run": per_run,
                "spread": [min(per_run), max(per_run)],
                "ratio_cpu": statistics.median(cpu_c) / statistics.median(cpu_b)
                if cpu_c and cpu_b else None,
                "target": minimum, "strict": strict,
                "met": None if minimum is None else ratio >= minimum,
            })
        summary[test] = entry
    return summary


def versions(build_dir):
    def out(cmd):
        try:
            return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                  text=True, cwd=TOP).stdout.strip()
        except OSError:
            return ""

    py = out([PYTHON, "-I", "-c",
              "import ssl, sys, OpenSSL, cryptography, gi; "
              "print(sys.version.split()[0]); print(ssl.OPENSSL_VERSION); "
              "print(OpenSSL.__version__); print(cryptography.__version__); "
              "print(gi.__version__)"]).splitlines() + [""] * 5
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_kib = 0
    try:
        with open("/proc/meminfo") as f:
            mem_kib = int(f.readline().split()[1])
    except OSError:
        pass
    commit = out(["git", "rev-parse", "--short", "HEAD"])
    dirty = out(["git", "status", "--porcelain", "--untracked-files=no", "gossl", "introspection"])
    buildtype = ""
    try:
        with open(os.path.join(build_dir, "meson-info", "intro-buildoptions.json")) as f:
            for opt in json.load(f):
                if opt["name"] == "buildtype":
                    buildtype = opt["value"]
    except (OSError, ValueError):
        pass
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": "%s, %d CPUs, %.0f GiB RAM" % (cpu, os.cpu_count() or 0, mem_kib / 1048576),
        "kernel": platform.release(),
        "os": out(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
        "python": py[0],
        "openssl": py[1],
        "openssl_cli": out(["openssl", "version"]),
        "pyopenssl": py[2],
        "cryptography": py[3],
        "pygobject": py[4],
        "glib": out(["pkg-config", "--modversion", "glib-2.0"]),
        "compiler": out(["cc", "--version"]).splitlines()[0] if out(["cc", "--version"]) else "",
        "gossl_commit": commit + (" (modified)" if dirty else ""),
        "buildtype": buildtype,
    }


# --- Instruction counts --------------------------------------------------------

# (small, large) sizes for the callgrind pass: the work of the difference
# between the two runs, divided by the difference in units, leaves out
# start-up, set-up and warm-up. genkey is left out: a key's cost depends on
# how soon a prime turns up.
IR_SIZES = {
    "bulk13": (2, 6), "bulk12": (2, 6),   # MiB each way
    "rtt": (200, 1200), "hs-rsa": (20, 100), "hs-ecdsa": (20, 100),
    "load_pem": (100, 500), "dump_pem": (1000, 5000), "cn_fresh": (1000, 5000),
    "cn_held": (5000, 25000), "sign": (10, 50),
}


# Valgrind counts each byte a "rep movsb" or "rep stosb" moves as one
# instruction; glibc uses those for copies above a few KiB. Raising the
# thresholds makes glibc copy with vector instructions, counted as a CPU
# runs them.
REP_TUNABLES = "glibc.cpu.x86_rep_movsb_threshold=4294967295:" \
               "glibc.cpu.x86_rep_stosb_threshold=4294967295"


def count_instructions(cmd, env):
    """Instructions (user space) that *cmd* and the processes it forks
    execute, under callgrind."""
    out = tempfile.mkdtemp(prefix="gossl-bench-ir-")
    env = dict(env, GLIBC_TUNABLES=REP_TUNABLES)
    try:
        proc = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=%s/%%p.out" % out] + cmd,
            env=env, cwd=TOP, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            raise RuntimeError("%s failed under callgrind:\n%s" % (" ".join(cmd), proc.stderr[-2000:]))
        total = 0
        for name in os.listdir(out):
            with open(os.path.join(out, name)) as f:
                for line in f:
                    if line.startswith("summary:") or line.startswith("totals:"):
                        total += int(line.split()[1])
                        break
        return total
    finally:
        shutil.rmtree(out, ignore_errors=True)


def ir_job(cmds, group, test, name):
    small, large = IR_SIZES[test]
    build, env = cmds[name]
    counts = []
    for n in (small, large):
        if test.startswith("bulk"):
            opts, units = ["--bytes", str(n * 1048576)], 2 * n
        elif test == "cn_fresh":
            opts, units = ["--count", str(n), "--preload", str(large)], n
        else:
            opts, units = ["--count", str(n)], n
        counts.append((count_instructions(build(test, opts), env), units))
    (ir1, u1), (ir2, u2) = counts
    return (ir2 - ir1) / (u2 - u1)


def ir_unit(test):
    if test.startswith("bulk"):
        return "per MiB"
    if test == "rtt":
        return "per round trip"
    if test.startswith("hs-"):
        return "per handshake"
    return "per operation"


def run_instructions(args, cmds, plan, log):
    """Instructions per unit of work for every contender; ratio = baseline's
    count / contender's (higher is better, as for the timings)."""
    if shutil.which("valgrind") is None:
        log("valgrind not found: no instruction counts")
        return {}
    jobs = []
    for group, tests, names in plan:
        for test in tests:
            if test in IR_SIZES:
                for name in names:
                    jobs.append((group, test, name))
    results = {}
    # Counts do not depend on the load: two at a time, one per CPU.
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        futures = {pool.submit(ir_job, cmds, g, t, n): (g, t, n) for g, t, n in jobs}
        for future in concurrent.futures.as_completed(futures):
            g, t, n = futures[future]
            results.setdefault(g, {}).setdefault(t, {})[n] = future.result()
            log("  instructions %s %s %s: %.0f" % (g, t, n, results[g][t][n]))
    summary = {}
    for group, tests in results.items():
        for test, by_name in tests.items():
            entry = {"label": LABELS[test], "per_unit": by_name, "ratios": []}
            for contender, baseline, minimum, strict in TARGETS.get((group, test), []):
                c_name = contender if group != "crypto" else contender + "-crypto"
                b_name = baseline if group != "crypto" else baseline + "-crypto"
                if c_name in by_name and b_name in by_name:
                    entry["ratios"].append({
                        "contender": contender, "baseline": baseline,
                        "ratio": by_name[b_name] / by_name[c_name]})
            summary.setdefault(group, {})[test] = entry
    return summary


# --- Output ------------------------------------------------------------------

def fmt_value(v):
    if v >= 1000:
        return "{:,.0f}".format(v)
    if v >= 10:
        return "%.1f" % v
    return "%.2f" % v


def table_rows(results):
    """(group, label, unit, medians text, ratio text, spread, CPU-time ratio,
    target text, verdict)."""
    rows = []
    names = {
        "c": ["openssl-c", "gossl-c", "gossl-c-into"],
        "python": ["stdlib", "pyopenssl", "gossl-py"],
        "crypto": ["pyopenssl-crypto", "gossl-py-crypto"],
    }
    for group in ("c", "python", "crypto"):
        for test, entry in results["summary"].get(group, {}).items():
            medians = "  ".join(
                "%s %s" % (n.replace("-crypto", ""), fmt_value(entry["medians"][n]))
                for n in names[group] if n in entry["medians"])
            for r in entry["ratios"] or [None]:
                if r is None:
                    rows.append((group, entry["label"], entry["unit"], medians, "", "", "", "", ""))
                    continue
                ratio = "%s/%s %.3f" % (r["contender"], r["baseline"], r["ratio"])
                spread = "%.2f-%.2f" % tuple(r["spread"])
                cpu_ratio = "" if r.get("ratio_cpu") is None else "%.3f" % r["ratio_cpu"]
                if r["target"] is None:
                    target, verdict = "", ""
                else:
                    target = (">= %.2f" if r["strict"] else "~%.2f") % r["target"]
                    verdict = ("ok" if r["met"] else "MISSED") if r["strict"] else (
                        "ok" if r["met"] else "below")
                rows.append((group, entry["label"], entry["unit"], medians, ratio, spread,
                             cpu_ratio, target, verdict))
                medians = ""
    return rows


def print_table(results, out=sys.stdout):
    meta = results["meta"]
    print("", file=out)
    print("gossl benchmarks, %s" % meta["date"], file=out)
    print("%s; %s; kernel %s" % (meta["machine"], meta["os"], meta["kernel"]), file=out)
    print("%s; Python %s; pyOpenSSL %s (cryptography %s); PyGObject %s; GLib %s; gossl %s, %s build" % (
        meta["openssl"], meta["python"], meta["pyopenssl"], meta["cryptography"],
        meta["pygobject"], meta["glib"], meta["gossl_commit"], meta["buildtype"]), file=out)
    print("medians of %d runs; ratio = contender's median / baseline's median (runs: the range "
          "of the per-run ratios); CPU-time: the same for work per CPU second of both sides"
          % results["runs"], file=out)
    print("%d MiB each way in bulk; pinning: %s" % (
        results["bulk_mib_each_way"], results["pinning"]), file=out)
    header = ("group", "workload", "unit", "medians", "ratio", "runs", "CPU-time", "target", "")
    rows = [header] + table_rows(results)
    if len(rows) == 1:
        rows = []  # only the memory check or the scale benchmark ran
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(header))] if rows else []
    for i, row in enumerate(rows):
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip(), file=out)
        if i == 0:
            print("  ".join("-" * w for w in widths), file=out)
    ir = results.get("instructions")
    if ir:
        print("", file=out)
        print("instructions executed (callgrind, user space, both sides; ratio = baseline's "
              "count / contender's):", file=out)
        rows = [("group", "workload", "unit", "instructions", "ratio")]
        for group in ("c", "python", "crypto"):
            for test, entry in ir.get(group, {}).items():
                counts = "  ".join("%s %s" % (n.replace("-crypto", ""), fmt_value(v))
                                   for n, v in sorted(entry["per_unit"].items()))
                ratios = "  ".join("%s/%s %.3f" % (r["contender"], r["baseline"], r["ratio"])
                                   for r in entry["ratios"])
                rows.append((group, entry["label"], ir_unit(test), counts, ratios))
        widths = [max(len(str(r[i])) for r in rows) for i in range(5)]
        for i, row in enumerate(rows):
            print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip(), file=out)
            if i == 0:
                print("  ".join("-" * w for w in widths), file=out)
    mem = results.get("memory")
    if mem:
        print("", file=out)
        print("memory over %d handshakes in one process (RSS after each tenth, KiB):" % (
            mem[0]["handshakes"]), file=out)
        for m in mem:
            print("  %-13s peak %6d KiB  growth after warm-up %+6d KiB  %s  %s" % (
                m["contender"], m["peak_kib"], m["growth_kib"],
                " ".join(str(x) for x in m["rss_kib"]),
                "" if m["contender"] == "openssl-c" else (
                    "ok" if m["growth_kib"] <= MEM_LIMIT_KIB else "GROWS"),
            ), file=out)
    if results.get("scale"):
        scale_runner.print_table(results["scale"], out)


def write_csv(results, path):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["group", "test", "label", "unit", "contender", "median",
                    "baseline", "ratio", "ratio_cpu", "target", "met"])
        for group, tests in results["summary"].items():
            for test, entry in tests.items():
                for name, median in entry["medians"].items():
                    w.writerow([group, test, entry["label"], entry["unit"], name,
                                "%.4f" % median, "", "", "", "", ""])
                for r in entry["ratios"]:
                    w.writerow([group, test, entry["label"], "ratio", r["contender"], "",
                                r["baseline"], "%.4f" % r["ratio"],
                                "" if r.get("ratio_cpu") is None else "%.4f" % r["ratio_cpu"],
                                "" if r["target"] is None else r["target"],
                                "" if r["met"] is None else r["met"]])
        for m in results.get("memory", []):
            w.writerow(["memory", "mem", "RSS growth over %d handshakes" % m["handshakes"],
                        "KiB", m["contender"], m["growth_kib"], "", "", "", MEM_LIMIT_KIB,
                        m["growth_kib"] <= MEM_LIMIT_KIB])
        if results.get("scale"):
            w.writerows(scale_runner.csv_rows(results["scale"]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build-dir", default=os.path.join(TOP, "build-bench"))
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--bulk-mib", type=int, default=None)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", default="c,python,crypto,mem")
    parser.add_argument("--pin", choices=("one", "split", "none"), default="one",
                        help="one: client and server of every TLS test on one CPU "
                             "(default); split: bulk on CPUs 0 and 1; none: the "
                             "scheduler's choice")
    parser.add_argument("--cpu", default="auto",
                        help="the CPU of --pin one: a number, or auto (default): the "
                             "quietest one, chosen before each sample")
    parser.add_argument("--instructions", action="store_true",
                        help="also count instructions under callgrind (adds about "
                             "13 minutes)")
    parser.add_argument("--max-wait", type=float, default=IDLE_WAIT_BUDGET,
                        help="seconds the whole run may spend waiting for an idle "
                             "machine (default %d)" % IDLE_WAIT_BUDGET)
    parser.add_argument("--instructions-only", action="store_true",
                        help="only count instructions: no timings, no memory check")
    parser.add_argument("--scale-ns", default=None,
                        help="numbers of connections of the scale group, comma-separated")
    parser.add_argument("--scale-timeout", type=float, default=None,
                        help="seconds a scale contender may take to bring N connections up "
                             "(default %d)" % scale_runner.CONNECT_TIMEOUT)
    parser.add_argument("--echo-seconds", type=float, default=None,
                        help="seconds of the scale group's echo phase (default %g)"
                             % scale_runner.ECHO_SECONDS)
    parser.add_argument("--out", default=os.path.join(HERE, "results"))
    args = parser.parse_args()
    if args.instructions_only:
        args.instructions = True
    if args.runs is None:
        args.runs = 3 if args.quick else 7
    if args.bulk_mib is None:
        args.bulk_mib = 32 if args.quick else 256
    groups = set(args.only.split(","))
    unknown = groups - {"c", "python", "crypto", "mem", "scale"}
    if unknown:
        parser.error("unknown group(s): %s" % ", ".join(sorted(unknown)))

    def log(text):
        print(text, file=sys.stderr, flush=True)

    machine = Machine()
    machine.wait_budget = args.max_wait
    machine.fixed_cpu = None if args.cpu == "auto" else int(args.cpu)
    cmds = contenders(args.build_dir)
    started = time.monotonic()
    results = {
        "meta": versions(args.build_dir),
        "runs": args.runs,
        "pinning": {
            "one": "client and server of every TLS test, and each crypto process, on "
                   "one CPU (%s)" % ("the quietest, chosen before each sample"
                                     if args.cpu == "auto" else "CPU " + args.cpu),
            "split": "bulk: client on CPU 0, server on CPU 1; round trips and "
                     "handshakes: both on one CPU (%s)" % (
                         "the quietest" if args.cpu == "auto" else "CPU " + args.cpu),
            "none": "none (the scheduler places client and server)",
        }[args.pin],
        "bulk_mib_each_way": args.bulk_mib,
        "quick": args.quick,
        "summary": {},
        "samples": [],
    }
    log("machine: %s; %s" % (results["meta"]["machine"], results["meta"]["openssl"]))

    plan = [
        ("c", TLS_TESTS, ["openssl-c", "gossl-c", "gossl-c-into"]),
        ("python", TLS_TESTS, ["stdlib", "pyopenssl", "gossl-py"]),
        ("crypto", CRYPTO_TESTS, ["pyopenssl-crypto", "gossl-py-crypto"]),
    ]
    for group, tests, names in plan:
        if group not in groups or args.instructions_only:
            continue
        samples = run_group(args, machine, cmds, group, tests, names, log)
        results["summary"][group] = summarize(group, samples)
        for by_name in samples.values():
            for results_list in by_name.values():
                results["samples"].extend(results_list)

    if args.instructions:
        log("instruction counts (callgrind)")
        results["instructions"] = run_instructions(
            args, cmds, [p for p in plan if p[0] in groups], log)

    if "scale" in groups and not args.instructions_only:
        results["scale"] = scale_runner.run_scale(
            args, machine, args.build_dir, cmds["gossl-c"][1], cmds["openssl-c"][1], log)
        results["samples"].extend(results["scale"].pop("samples"))

    mem_failed = False
    if "mem" in groups and not args.instructions_only:
        results["memory"] = []
        opts = options_for(args, "mem", "mem")
        for name in ("openssl-c", "gossl-c", "gossl-py-mem"):
            log("mem %s" % name)
            # Not timed: no need to wait for idle CPUs.
            build, env = cmds[name]
            result, _ = machine.run(build("mem", opts), env)
            result["contender"] = name.replace("-mem", "")
            results["memory"].append(result)
            if name != "openssl-c" and result["growth_kib"] > MEM_LIMIT_KIB:
                mem_failed = True

    results["elapsed_seconds"] = round(time.monotonic() - started, 1)
    results["idle_wait_seconds"] = round(machine.waited, 1)
    os.makedirs(args.out, exist_ok=True)
    if args.instructions_only:
        # Kept apart from the timings: chart.py --instructions merges them.
        with open(os.path.join(args.out, "instructions.json"), "w") as f:
            json.dump(results, f, indent=1)
        print_table(results)
        print("\n%s/instructions.json written; %.0f s" % (
            os.path.relpath(args.out, TOP), results["elapsed_seconds"]))
        return 0
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    write_csv(results, os.path.join(args.out, "results.csv"))
    print_table(results)
    print("\n%s/results.json and results.csv written; %.0f s (%.0f s waiting for an idle machine)" % (
        os.path.relpath(args.out, TOP), results["elapsed_seconds"], results["idle_wait_seconds"]))
    if mem_failed:
        print("\n*** MEMORY GROWS: gossl's RSS grew by more than %d KiB after warm-up "
              "(see the memory lines above) ***" % MEM_LIMIT_KIB)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

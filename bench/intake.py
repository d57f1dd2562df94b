"""Intake throughput through gunicorn on PostgreSQL: ``python bench/intake.py [--seconds S] [--server SPEC ...]``.

Creates a throwaway PostgreSQL database ``policycrm_bench_<random>``, migrates it, loads the demo data
(한빛시, ROAD-DAMAGE …) and an Open311 API key, then for each server configuration runs three phases, each
against a fresh gunicorn (``APP_ENV=production``, rate-limit counters in Redis db 14):

  form     POST /complaints/new            (one session cookie + CSRF token, reused; success = 303)
  open311  POST /open311/v2/requests.json  (api_key form field; success = 200/201 with service_request_id)
  bare     POST /  of bench/bare_app.py    (Flask route returning "ok": gunicorn + Flask overhead alone)

Load comes from ``wrk`` (closed loop, keep-alive, ``--concurrency`` connections on ``--wrk-threads``
threads) with bench/wrk_post.lua, which counts every status and records the receipt number of every
successful response.  After each phase the complaints rows are counted: every acknowledged receipt number
must be in the table exactly once (``lost`` = acknowledged but missing; must be 0).  ``unacked`` are rows
whose response wrk never read because it stops at its deadline with requests in flight (at most
``--concurrency``).  Printed per phase: requests, successes, errors, req/s, p50/p95/p99 latency, rows, and
the CPU time per request spent in the gunicorn workers, PostgreSQL and wrk (2 cores are shared by all).

Exit status 1 when any phase had an error or a lost row.  The database, the Redis keys and gunicorn are
removed even on Ctrl-C.  Throughput is printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
VENV_BIN = Path(sys.executable).parent
ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
TARGET_PER_SECOND = 300
CLK_TCK = os.sysconf("SC_CLK_TCK")
# Limits as high as never to trigger, with the same number of windows (and Redis counters) as production.
RATE_LIMITS = {
    "COMPLAINT_SUBMIT_RATE_LIMIT": "1000000000 per minute; 1000000000 per hour",
    "COMPLAINT_ATTEMPT_RATE_LIMIT": "1000000000 per minute; 1000000000 per hour",
    "COMPLAINT_LOOKUP_RATE_LIMIT": "1000000000 per minute",
    "OPEN311_RATE_LIMIT": "1000000000 per minute",
    "LOGIN_RATE_LIMIT": "1000000000 per minute",
}
DEFAULT_SERVER = "gthread:4x2"  # what gunicorn.conf.py gives on 2 cores


@dataclass
class ServerSpec:
    worker_class: str
    workers: int
    threads: int

    @classmethod
    def parse(cls, text: str) -> ServerSpec:
        """``sync:4`` (4 sync workers) or ``gthread:4x4`` (4 workers × 4 threads)."""
        match = re.fullmatch(r"(sync|gthread):(\d+)(?:x(\d+))?", text)
        if not match:
            raise argparse.ArgumentTypeError(f"server spec must look like sync:4 or gthread:4x4, not {text!r}")
        kind, workers, threads = match.group(1), int(match.group(2)), int(match.group(3) or 1)
        return cls(kind, workers, threads if kind == "gthread" else 1)

    def __str__(self) -> str:
        return f"{self.worker_class}:{self.workers}" + (f"x{self.threads}" if self.worker_class == "gthread" else "")

    def args(self) -> list[str]:
        args = ["-w", str(self.workers), "-k", self.worker_class]
        # gunicorn.conf.py sets 2 threads, and gunicorn runs a "sync" worker with threads > 1 as gthread: a sync
        # spec says --threads 1 so that it really is one.
        args += ["--threads", str(self.threads if self.worker_class == "gthread" else 1)]
        return args


@dataclass
class Result:
    server: str
    phase: str
    requests: int = 0
    successes: int = 0
    errors: int = 0
    seconds: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    rows: int | None = None
    lost: int | None = None
    unacked: int | None = None
    statuses: dict = field(default_factory=dict)
    socket_errors: dict = field(default_factory=dict)
    cpu_ms: dict = field(default_factory=dict)
    backends: dict = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.successes / self.seconds if self.seconds else 0.0


# --- processes and CPU accounting --------------------------------------------------------------------------------

def _stat(pid: int) -> tuple[str, int, float] | None:
    """(comm, ppid, cpu seconds) of a process, None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    comm = text[text.index("(") + 1:text.rindex(")")]
    fields = text[text.rindex(")") + 2:].split()
    return comm, int(fields[1]), (int(fields[11]) + int(fields[12])) / CLK_TCK


def _postgres_is_ours(pid: int, db_name: str | None) -> bool:
    """A backend or autovacuum worker of the bench database, or a shared background process (WAL writer,
    checkpointer …); not a backend of another database (another helper's load would inflate our figures)."""
    if db_name is None:
        return True
    try:
        title = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return False
    if db_name in title:
        return True
    return not (re.search(r"\(\d+\)|\[local\]", title) or "autovacuum worker" in title
                or "parallel worker" in title)


def cpu_snapshot(master_pid: int | None, db_name: str | None = None) -> dict[str, float]:
    """CPU seconds used so far by the gunicorn master + workers, and by the postgres processes that serve the
    bench database (its backends and the shared background processes)."""
    totals = {"app": 0.0, "postgres": 0.0}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        pid = int(entry)
        found = _stat(pid)
        if found is None:
            continue
        comm, ppid, cpu = found
        if master_pid is not None and (pid == master_pid or ppid == master_pid):
            totals["app"] += cpu
        elif comm.startswith("postgres") and _postgres_is_ours(pid, db_name):
            totals["postgres"] += cpu
    return totals


def machine_busy() -> float:
    """CPU seconds all processes on the machine have used (from /proc/stat), to show what else was running."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / CLK_TCK


class WaitSampler(threading.Thread):
    """Samples pg_stat_activity of the bench database every 50 ms: what the app's backends are waiting for."""

    def __init__(self, url: str, db_name: str) -> None:
        super().__init__(daemon=True)
        self.url, self.db_name = url, db_name
        self.stop_event = threading.Event()
        self.samples = 0
        self.counts: dict[str, int] = defaultdict(int)

    def run(self) -> None:
        with _connect(self.url) as conn:
            while not self.stop_event.wait(0.05):
                rows = conn.execute(
                    "select state, wait_event_type from pg_stat_activity "
                    "where datname = %s and pid <> pg_backend_pid() and backend_type = 'client backend'",
                    (self.db_name,)).fetchall()
                self.samples += 1
                for state, kind in rows:
                    if state == "active":
                        self.counts["lock" if kind == "Lock" else "io" if kind in ("IO", "LWLock") else "cpu"] += 1
                    elif state == "idle in transaction":
                        self.counts["idle-in-tx"] += 1

    def summary(self) -> dict[str, float]:
        self.stop_event.set()
        self.join()
        n = max(self.samples, 1)
        return {k: self.counts.get(k, 0) / n for k in ("lock", "io", "cpu", "idle-in-tx")}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, app: str, spec: ServerSpec, env: dict, log: Path) -> None:
        self.port = free_port()
        self.log = log.open("ab")
        command = [str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), *spec.args(),
                   "-b", f"127.0.0.1:{self.port}",
                   "--chdir", str(ROOT), "--pythonpath", f"{ROOT},{BENCH}", "--timeout", "60",
                   "--log-level", "warning", app]
        self.process = subprocess.Popen(command, env=env, stdout=self.log, stderr=self.log, start_new_session=True)

    def wait_ready(self, path: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log.name}")
            try:
                conn = HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", path)
                conn.getresponse().read()
                conn.close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s; see {self.log.name}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # graceful: workers finish their current request
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


# --- database -----------------------------------------------------------------------------------------------------

def _connect(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True)


def count_rows(url: str) -> int:
    with _connect(url) as conn:
        return conn.execute("select count(*) from complaints").fetchone()[0]


def drained_count(url: str, settle: float = 0.5, timeout: float = 30.0) -> int:
    """The complaints count once it has stopped changing (requests abandoned by wrk may still be committing)."""
    deadline = time.monotonic() + timeout
    last = count_rows(url)
    while time.monotonic() < deadline:
        time.sleep(settle)
        now = count_rows(url)
        if now == last:
            return now
        last = now
    return last


def missing_receipts(url: str, receipts: list[str]) -> int:
    if not receipts:
        return 0
    with _connect(url) as conn:
        found = conn.execute("select count(distinct receipt_no) from complaints where receipt_no = any(%s)",
                             (receipts,)).fetchone()[0]
    return len(set(receipts)) - found


def flask(args: list[str], env: dict) -> str:
    done = subprocess.run([str(VENV_BIN / "flask"), *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


# --- the phases ---------------------------------------------------------------------------------------------------

def form_session(port: int) -> tuple[str, str]:
    """GET /complaints/new: the session cookie (kept by hand: it is Secure + __Host- in production) and the token."""
    conn = HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/complaints/new")
    response = conn.getresponse()
    html = response.read().decode()
    cookies = [h.split(";", 1)[0] for k, h in response.getheaders() if k.lower() == "set-cookie"]
    conn.close()
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html)
    if response.status != 200 or not match or not cookies:
        raise RuntimeError(f"GET /complaints/new gave {response.status}, token={bool(match)}, cookies={cookies}")
    return "; ".join(cookies), match.group(1)


def form_body(token: str) -> str:
    return urllib.parse.urlencode({
        "csrf_token": token, "type_code": "ROAD-DAMAGE", "title": "도로 파임 신고 {n}",
        "content": "한빛로 12 앞 차도에 지름 50cm 정도의 포트홀이 생겨 차량 통행이 위험합니다. 보수 부탁드립니다. {n}",
        "address": "한빛시 한빛로 12", "name": "홍길동", "phone": "010-1234-5678", "email": "bench@example.com",
        "notify_channel": "email", "lookup_password": "abcd1234", "consent": "y",
        "filing_token": "bench{run}-{n}",  # one per request and run: each is a new 민원, not a resend
    }, safe="{}")


def open311_body(api_key: str) -> str:
    return urllib.parse.urlencode({
        "api_key": api_key, "service_code": "ROAD-DAMAGE",
        "description": "한빛로 12 앞 차도에 포트홀이 생겨 차량 통행이 위험합니다. 보수 부탁드립니다. {n}",
        "address_string": "한빛시 한빛로 12", "first_name": "길동", "last_name": "홍",
        "phone": "010-1234-5678", "email": "bench@example.com",
    }, safe="{}")


def run_wrk(port: int, seconds: float, args, *, path: str, body: str, cookie: str, ok: int, receipt: str,
            out_dir: Path) -> tuple[dict, float]:
    """One wrk run; returns its BENCHJSON summary and the CPU seconds wrk itself used."""
    out_dir.mkdir(parents=True, exist_ok=True)
    body = body.replace("{run}", secrets.token_hex(8))  # the warm-up's filing tokens are not the run's
    env = dict(os.environ, BENCH_PATH=path, BENCH_BODY=body, BENCH_COOKIE=cookie, BENCH_OK=str(ok),
               BENCH_RECEIPT=receipt, BENCH_OUT=str(out_dir))
    command = ["wrk", "-t", str(args.wrk_threads), "-c", str(args.concurrency), "-d", f"{max(1, round(seconds))}s",
               "--timeout", "30s", "-s", str(BENCH / "wrk_post.lua"), f"http://127.0.0.1:{port}{path}"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=seconds + 60)
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        raise
    usage = _children_cpu()
    line = next((text for text in stdout.decode().splitlines() if text.startswith("BENCHJSON ")), None)
    if process.returncode or line is None:
        raise RuntimeError(f"wrk failed ({process.returncode}):\n{stdout.decode()}\n{stderr.decode()}")
    return json.loads(line.removeprefix("BENCHJSON ")), usage


_last_children_cpu = 0.0


def _children_cpu() -> float:
    """CPU seconds of reaped children since the previous call (wrk is the only child reaped in between)."""
    global _last_children_cpu
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = usage.ru_utime + usage.ru_stime
    delta, _last_children_cpu = total - _last_children_cpu, total
    return delta


@dataclass
class Phase:
    name: str
    app: str
    path: str
    ok: int
    receipt: str  # "location" / "json" / "none"
    counts_rows: bool


PHASES = {
    "form": Phase("form", "wsgi:app", "/complaints/new", 303, "location", True),
    "open311": Phase("open311", "wsgi:app", "/open311/v2/requests.json", 200, "json", True),
    "bare": Phase("bare", "bare_app:app", "/", 200, "none", False),
}


def run_phase(phase: Phase, spec: ServerSpec, args, env: dict, db_url: str, api_key: str | None,
              work: Path) -> Result:
    result = Result(str(spec), phase.name)
    server = Gunicorn(phase.app, spec, env, work / "gunicorn.log")
    try:
        server.wait_ready("/healthz" if phase.app == "wsgi:app" else "/")
        cookie, body = "", "a=1&b=2"
        if phase.name == "form":
            cookie, token = form_session(server.port)
            body = form_body(token)
        elif phase.name == "open311":
            body = open311_body(api_key or "")
        common = dict(path=phase.path, body=body, cookie=cookie, ok=phase.ok, receipt=phase.receipt)
        if args.warmup:  # first connections, template compilation, pools; not counted
            run_wrk(server.port, args.warmup, args, out_dir=work / f"{spec}-{phase.name}-warmup", **common)
        rows_before = drained_count(db_url) if phase.counts_rows else None
        _children_cpu()
        sampler = WaitSampler(db_url, db_url.rsplit("/", 1)[1]) if phase.counts_rows else None
        if sampler:
            sampler.start()
        db_name = db_url.rsplit("/", 1)[1]
        cpu_before, busy_before = cpu_snapshot(server.process.pid, db_name), machine_busy()
        summary, wrk_cpu = run_wrk(server.port, args.seconds, args, out_dir=work / f"{spec}-{phase.name}", **common)
        cpu_after, busy_after = cpu_snapshot(server.process.pid, db_name), machine_busy()
        if sampler:
            result.backends = sampler.summary()
        rows_after = drained_count(db_url) if phase.counts_rows else None
    finally:
        server.stop()
    result.requests = summary["requests"]
    result.statuses = summary["statuses"]
    result.successes = int(summary["statuses"].get(str(phase.ok), 0))
    if phase.name == "open311":  # 201 is a valid answer too
        result.successes += int(summary["statuses"].get("201", 0))
    result.socket_errors = {k: summary[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts")
                            if summary[k]}
    result.errors = result.requests - result.successes + sum(result.socket_errors.values())
    result.seconds = summary["duration_us"] / 1e6
    result.p50_ms, result.p95_ms, result.p99_ms = (summary[k] / 1000 for k in ("p50_us", "p95_us", "p99_us"))
    handled = max(result.requests, 1)
    result.cpu_ms = {"app": (cpu_after["app"] - cpu_before["app"]) * 1000 / handled,
                     "postgres": (cpu_after["postgres"] - cpu_before["postgres"]) * 1000 / handled,
                     "wrk": wrk_cpu * 1000 / handled}
    ours = sum(cpu_after.values()) - sum(cpu_before.values()) + wrk_cpu
    result.cpu_ms["other_cores"] = max(0.0, (busy_after - busy_before) - ours) / result.seconds
    result.cpu_ms["ours_cores"] = ours / result.seconds
    if phase.counts_rows:
        receipts = []
        for file in (work / f"{spec}-{phase.name}").glob("receipts-*.txt"):
            receipts += [line for line in file.read_text().split() if line]
        result.rows = rows_after - rows_before
        duplicates = len(receipts) - len(set(receipts))
        result.lost = missing_receipts(db_url, receipts) + duplicates + (result.successes - len(receipts))
        result.unacked = result.rows - (len(receipts) - duplicates)
    return result


# --- output -------------------------------------------------------------------------------------------------------

HEADER = (f"{'server':<13} {'phase':<8} {'requests':>8} {'ok':>7} {'errors':>6} {'req/s':>8} {'p50 ms':>7} "
          f"{'p95 ms':>7} {'p99 ms':>7} {'rows':>7} {'lost':>4} {'unacked':>7}  cpu ms/req app+pg+wrk"
          " | cores ours/others | pg backends lock/io/cpu/idle-in-tx")


def line(r: Result) -> str:
    rows = "-" if r.rows is None else str(r.rows)
    lost = "-" if r.lost is None else str(r.lost)
    unacked = "-" if r.unacked is None else str(r.unacked)
    cpu = (f"{r.cpu_ms['app']:.2f}+{r.cpu_ms['postgres']:.2f}+{r.cpu_ms['wrk']:.2f} | "
           f"{r.cpu_ms['ours_cores']:.2f}/{r.cpu_ms['other_cores']:.2f}")
    if r.backends:
        cpu += " | " + "/".join(f"{r.backends[k]:.1f}" for k in ("lock", "io", "cpu", "idle-in-tx"))
    text = (f"{r.server:<13} {r.phase:<8} {r.requests:>8} {r.successes:>7} {r.errors:>6} {r.per_second:>8.1f} "
            f"{r.p50_ms:>7.1f} {r.p95_ms:>7.1f} {r.p99_ms:>7.1f} {rows:>7} {lost:>4} {unacked:>7}  {cpu}")
    if r.errors:
        text += f"  statuses={r.statuses} socket={r.socket_errors}"
    return text


def main(argv: list[str] | None = None) -> int:  # noqa: C901 - set-up, phases and clean-up in one place
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=15, help="measured seconds per phase (default 15)")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured warm-up seconds per phase (default 3)")
    parser.add_argument("--server", type=ServerSpec.parse, action="append",
                        help=f"gunicorn config, repeatable: sync:N or gthread:NxT (default {DEFAULT_SERVER})")
    parser.add_argument("--workers", type=int, help="shorthand: workers of the (single) server config")
    parser.add_argument("--threads", type=int, help="shorthand: threads per gthread worker")
    parser.add_argument("--worker-class", choices=("sync", "gthread"), help="shorthand: gunicorn worker class")
    parser.add_argument("--concurrency", type=int, default=16, help="open connections (default 16)")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--phases", default="form,open311,bare", help="comma list of form,open311,bare")
    parser.add_argument("--json", action="store_true", help="also print every result as one JSON line")
    args = parser.parse_args(argv)

    specs = args.server or [ServerSpec.parse(DEFAULT_SERVER)]
    if args.workers or args.threads or args.worker_class:
        base = specs[0]
        kind = args.worker_class or base.worker_class
        specs = [ServerSpec(kind, args.workers or base.workers, (args.threads or base.threads) if kind == "gthread"
                            else 1)]
    phases = [PHASES[name.strip()] for name in args.phases.split(",") if name.strip()]
    if shutil.which("wrk") is None:
        print("wrk is required: bash scripts/bootstrap.sh --bench (or apt-get install -y wrk)", file=sys.stderr)
        return 2

    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    tag = secrets.token_hex(4)
    db_name = f"policycrm_bench_{tag}"
    admin = urllib.parse.urlsplit(ADMIN_URL)
    db_url = urllib.parse.urlunsplit(admin._replace(path="/" + db_name))
    work = Path(tempfile.mkdtemp(prefix="policycrm-bench-"))
    env = dict(os.environ, DATABASE_URL=db_url, SECRET_KEY=secrets.token_hex(32), FLASK_APP="wsgi.py",
               RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=db_name, UPLOAD_DIR=str(work / "uploads"),
               PYTHONDONTWRITEBYTECODE="1", **RATE_LIMITS)
    created = False
    failed = False
    results: list[Result] = []
    try:
        with _connect(ADMIN_URL) as conn:
            conn.execute(f'create database "{db_name}"')
        created = True
        setup_env = dict(env, APP_ENV="development")  # demo seed is refused in production
        t0 = time.monotonic()
        flask(["db", "upgrade"], setup_env)
        flask(["demo", "seed", "--no-history"], setup_env)  # the history would change what is measured
        api_key = None
        if any(p.name == "open311" for p in phases):
            printed = flask(["api-clients", "create", "--name", "bench", "--scope", "open311"], setup_env)
            api_key = re.search(r"key \(shown only now[^:]*:\s*(\S+)", printed).group(1)
        print(f"database {db_name} ready in {time.monotonic() - t0:.1f} s; {os.cpu_count()} CPUs; "
              f"wrk -t{args.wrk_threads} -c{args.concurrency}; {args.seconds:g} s per phase "
              f"(+{args.warmup:g} s warm-up); APP_ENV=production, rate limits in {REDIS_URL}", flush=True)
        print(HEADER, flush=True)
        run_env = dict(env, APP_ENV="production")
        for spec in specs:
            for phase in phases:
                result = run_phase(phase, spec, args, run_env, db_url, api_key, work)
                results.append(result)
                print(line(result), flush=True)
                failed |= bool(result.errors or result.lost)
        for result in results:
            if result.phase in ("form", "open311"):
                verdict = "met" if result.per_second >= TARGET_PER_SECOND else "NOT met"
                print(f"target {TARGET_PER_SECOND} complaints/s, {result.server} {result.phase}: "
                      f"{result.per_second:.1f}/s — {verdict}")
        if args.json:
            for result in results:
                print(json.dumps({**result.__dict__, "per_second": round(result.per_second, 1)}, ensure_ascii=False))
    except KeyboardInterrupt:
        print("interrupted; cleaning up", file=sys.stderr)
        failed = True
    except Exception as error:  # noqa: BLE001 - report, clean up, exit 1
        print(f"error: {error}", file=sys.stderr)
        log = work / "gunicorn.log"
        if log.exists() and log.stat().st_size:
            print(f"--- last lines of {log}:\n" + "\n".join(log.read_text(errors="replace").splitlines()[-30:]),
                  file=sys.stderr)
        failed = True
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # don't interrupt the clean-up itself
        if created:
            try:
                with _connect(ADMIN_URL) as conn:
                    conn.execute(f'drop database if exists "{db_name}" with (force)')
            except Exception as error:  # noqa: BLE001
                print(f"could not drop {db_name}: {error}", file=sys.stderr)
        try:
            import redis

            client = redis.Redis.from_url(REDIS_URL)
            keys = list(client.scan_iter(f"*{db_name}*"))
            if keys:
                client.delete(*keys)
        except Exception as error:  # noqa: BLE001
            print(f"could not clear the Redis keys: {error}", file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

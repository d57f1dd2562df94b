"""Where one web-form submission spends its time: ``python bench/profile_intake.py [--n N] [--open311]``.

Runs the real app in-process (``APP_ENV=production``, PostgreSQL database ``policycrm_bench_<random>``,
rate-limit counters in Redis db 14) with Flask's test client, one request at a time, and wraps the steps of
POST /complaints/new (or the Open311 POST) with timers.  Prints per step the wall and CPU milliseconds per
request (steps nest: ``receive_complaint`` contains ``load_calendar`` … ), the SQL statements per request, and
the time the receipt-counter row stays locked (on PostgreSQL the counter's upsert runs in its own autocommit
transaction: at most the wall time of ``next_receipt_number``), which bounds the throughput of concurrent
submissions: at most 1000 / lock-ms complaints per second.  Drops the database.

``--batches K`` prints instead the CPU ms per request of K batches and the time spent in garbage collection: on
a shared virtual machine the same code varies by ±20 % from minute to minute, so compare two versions by the
minimum of several batches.  ``--gc`` applies gunicorn.conf.py's collector settings; ``--config`` overrides
settings (e.g. to switch a feature off and see what it costs).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import sys
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import intake  # noqa: E402

TOTALS: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
LOCK = {"start": None, "wall": 0.0}


def timed(name, func, *, lock_start=False, lock_end=False):
    def wrapper(*args, **kwargs):
        if lock_start:
            LOCK["start"] = time.perf_counter()
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            end = time.perf_counter()
            entry = TOTALS[name]
            entry[0] += end - wall
            entry[1] += time.process_time() - cpu
            entry[2] += 1
            if lock_end and LOCK["start"] is not None:
                LOCK["wall"] += end - LOCK["start"]
                LOCK["start"] = None
    return wrapper


def instrument(app) -> dict:
    from sqlalchemy import event

    import civil_complaints.intake.services as intake_mod
    import civil_complaints.intake.views as views
    import civil_complaints.open311.filing as open311
    from core.extensions import db
    from core.ratelimit import EXTENSION

    for module in (views, open311):
        for name in ("current_catalog", "file_complaint", "agency_code", "grant_access"):
            if hasattr(module, name):
                setattr(module, name, timed(name, getattr(module, name)))
    open311.open311_client_id = timed("open311_client_id", open311.open311_client_id)
    intake_mod.compute_due = timed("compute_due", intake_mod.compute_due)
    intake_mod.next_receipt_number = timed("next_receipt_number", intake_mod.next_receipt_number,
                                           lock_start=True, lock_end=True)
    intake_mod.hash_lookup_password = timed("hash_lookup_password", intake_mod.hash_lookup_password)
    intake_mod.store_uploads = timed("store_uploads", intake_mod.store_uploads)
    intake_mod._insert_filing = timed("_insert_filing (complaint+event+notice)", intake_mod._insert_filing)
    intake_mod.filed_notice_row = timed("filed_notice_row", intake_mod.filed_notice_row)
    from flask_sqlalchemy.session import Session as session_cls

    session_cls.commit = timed("session.commit", session_cls.commit)
    session_cls.flush = timed("session.flush", session_cls.flush)
    from flask_wtf import FlaskForm
    FlaskForm.validate_on_submit = timed("form.validate_on_submit (CSRF+WTForms)", FlaskForm.validate_on_submit)
    counters = app.extensions[EXTENSION].counters
    counters.count = timed("rate-limit count (Redis, all windows)", counters.count)
    app.session_interface.save_session = timed("save_session (cookie)", app.session_interface.save_session)
    app.wsgi_app = timed("WHOLE REQUEST", app.wsgi_app)
    statements = {"n": 0}
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute",
                     lambda *a, **k: statements.__setitem__("n", statements["n"] + 1))
    return statements


def _cprofile(post, n: int, top: int) -> int:
    import cProfile
    import pstats

    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for i in range(n):
        post(1000 + i)
    profiler.disable()
    print(f"{n} requests; CPU seconds (cProfile overhead included), costliest {top} by cumulative time:")
    stats = pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative"))
    stats.print_stats(top)
    for name in os.environ.get("BENCH_CALLEES", "").split(","):
        if name:
            stats.print_callees(name)
    for name in os.environ.get("BENCH_CALLERS", "").split(","):
        if name:
            stats.print_callers(name)
    return 0


def _gc_meter() -> dict:
    import gc

    meter = {"seconds": 0.0, "collections": [0, 0, 0], "start": 0.0}

    def callback(phase, info):
        if phase == "start":
            meter["start"] = time.perf_counter()
        else:
            meter["seconds"] += time.perf_counter() - meter["start"]
            meter["collections"][info["generation"]] += 1
    gc.callbacks.append(callback)
    return meter


def _batches(post, n: int, batches: int) -> int:
    """CPU ms per request of `batches` runs of `n` requests: on a shared machine the minimum is the steadiest figure
    to compare two versions of the code."""
    figures = []
    meter = _gc_meter()
    for b in range(batches):
        cpu = time.process_time()
        for i in range(n):
            post(10_000 * (b + 1) + i)
        figures.append((time.process_time() - cpu) * 1000 / n)
    print("cpu ms/request per batch: " + " ".join(f"{f:.2f}" for f in figures)
          + f"; min {min(figures):.2f}, median {sorted(figures)[len(figures) // 2]:.2f}")
    print(f"garbage collection: {meter['seconds'] * 1000 / (n * batches):.3f} ms/request, "
          f"collections by generation {meter['collections']}")
    return 0


def _step_timers(app, post, path: str, n: int) -> None:
    """The default report: wall and CPU ms per request of each instrumented step, and the counter lock."""
    statements = instrument(app)
    TOTALS.clear()
    LOCK["wall"] = 0.0
    for i in range(n):
        post(1000 + i)
    print(f"{path}: {n} sequential requests, APP_ENV=production, PostgreSQL + Redis; "
          f"{statements['n'] / n:.1f} SQL statements per request")
    print(f"{'step':<44} {'wall ms':>8} {'cpu ms':>8} {'calls/req':>9}")
    for step, (wall, cpu, calls) in sorted(TOTALS.items(), key=lambda item: -item[1][0]):
        print(f"{step:<44} {wall * 1000 / n:>8.2f} {cpu * 1000 / n:>8.2f} {calls / n:>9.1f}")
    lock_ms = LOCK["wall"] * 1000 / n
    print(f"receipt-counter row locked (at most next_receipt_number's autocommit upsert): {lock_ms:.2f} ms "
          f"→ at most {1000 / lock_ms:.0f} submissions/s however many workers")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300, help="measured requests (default 300, after 30 warm-up)")
    parser.add_argument("--open311", action="store_true", help="profile POST /open311/v2/requests.json instead")
    parser.add_argument("--cprofile", type=int, metavar="N", default=0,
                        help="instead of the step timers, print the N costliest functions (cProfile, cumulative)")
    parser.add_argument("--batches", type=int, metavar="K", default=0,
                        help="instead of the step timers, print the CPU ms per request of K batches of N requests")
    parser.add_argument("--gc", metavar="T0,T1,T2", default="",
                        help="after warm-up freeze the heap and set these collector thresholds (gunicorn.conf.py: "
                             "50000,20,100); default: Python's")
    parser.add_argument("--config", metavar="JSON", default="{}",
                        help='settings over the production config, e.g. \'{"RATELIMIT_ENABLED": false}\'')
    args = parser.parse_args()

    name = f"policycrm_bench_{secrets.token_hex(4)}"
    admin = urllib.parse.urlsplit(intake.ADMIN_URL)
    url = urllib.parse.urlunsplit(admin._replace(path="/" + name))
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=secrets.token_hex(32), FLASK_APP="wsgi.py",
               RATELIMIT_STORAGE_URI=intake.REDIS_URL, RATELIMIT_KEY_PREFIX=name, **intake.RATE_LIMITS)
    with intake._connect(intake.ADMIN_URL) as conn:
        conn.execute(f'create database "{name}"')
    try:
        setup = dict(env, APP_ENV="development")
        intake.flask(["db", "upgrade"], setup)
        intake.flask(["demo", "seed", "--no-history"], setup)
        key = None
        if args.open311:
            printed = intake.flask(["api-clients", "create", "--name", "bench", "--scope", "open311"], setup)
            key = re.search(r"key \(shown only now[^:]*:\s*(\S+)", printed).group(1)
        os.environ.update(env, APP_ENV="production")
        from app import create_app

        app = create_app(json.loads(args.config))
        client = app.test_client()
        base = "https://localhost"  # production cookies are Secure
        if args.open311:
            path, ok = "/open311/v2/requests.json", 200
            body = intake.open311_body(key)
        else:
            path, ok = "/complaints/new", 303
            page = client.get(path, base_url=base).get_data(as_text=True)
            body = intake.form_body(re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1))
        fields = {k: v[0].replace("{run}", secrets.token_hex(8)) for k, v in urllib.parse.parse_qs(body).items()}
        headers = {"Referer": base + "/complaints/new"}

        def post(i: int) -> None:
            data = {k: v.replace("{n}", str(i)) for k, v in fields.items()}
            response = client.post(path, data=data, base_url=base, headers=headers)
            if response.status_code != ok:
                raise RuntimeError(f"{response.status_code}: {response.get_data(as_text=True)[:500]}")

        for i in range(30):
            post(i)
        if args.gc:  # as gunicorn.conf.py's post_worker_init does in each worker
            import gc

            gc.collect()
            gc.freeze()
            gc.set_threshold(*(int(v) for v in args.gc.split(",")))
        if args.cprofile:
            return _cprofile(post, args.n, args.cprofile)
        if args.batches:
            return _batches(post, args.n, args.batches)
        _step_timers(app, post, path, args.n)
    finally:
        with intake._connect(intake.ADMIN_URL) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')
        import redis

        client = redis.Redis.from_url(intake.REDIS_URL)
        keys = list(client.scan_iter(f"*{name}*"))
        if keys:
            client.delete(*keys)
    return 0


if __name__ == "__main__":
    sys.exit(main())

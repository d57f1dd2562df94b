"""gunicorn settings for this app (read from the working directory, or pass ``-c gunicorn.conf.py``).

Tuned on the 2-core machine of bench/intake.py (which also runs PostgreSQL and the load generator): 4 worker
processes × 2 threads served the most filings per second; more threads per worker lose CPU to the GIL (4×4:
about a third fewer), fewer workers leave a core idle while a worker waits on PostgreSQL or Redis. On another
machine start from workers = 2 × cores and keep 2 threads; override with GUNICORN_WORKERS / GUNICORN_THREADS.

Garbage collection: once a worker has loaded the app, everything it holds is moved out of the collector's reach
(``gc.freeze``) and the youngest generation is collected after 50 000 allocations instead of 700. A request
allocates thousands of short-lived objects; with the defaults the collector ran about every seven filings and
walked the whole app each time (0.45 ms per filing, bench/profile_intake.py); reference counting still frees
almost everything at once, the collector only finds cycles. GUNICORN_GC_THRESHOLD="700,10,10" restores the defaults.
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1)))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
keepalive = 5
timeout = 60
GC_THRESHOLD = tuple(int(v) for v in os.environ.get("GUNICORN_GC_THRESHOLD", "50000,20,100").split(","))


def post_worker_init(worker) -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)

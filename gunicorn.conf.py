"""gunicorn settings for this app (read from the working directory, or pass ``-c gunicorn.conf.py``).

Tuned on the 2-core machine of bench/intake.py (which also runs PostgreSQL and the load generator): 4 worker
processes × 2 threads served the most filings per second; more threads per worker lose CPU to the GIL (4×4:
about a third fewer), fewer workers leave a core idle while a worker waits on PostgreSQL or Redis. On another
machine start from workers = 2 × cores and keep 2 threads; override with GUNICORN_WORKERS / GUNICORN_THREADS.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1)))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
keepalive = 5
timeout = 60

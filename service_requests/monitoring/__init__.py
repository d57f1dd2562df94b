"""The OLA jobs of internal requests (scheduled in app/scheduler.py:JOBS)."""

"""The 민원 jobs of `app/scheduler.py:JOBS`: due-soon reminders and escalation, registration delay, 보완 alerts,
notices to 민원인, overdue audit findings, housekeeping; each commits once at its end."""

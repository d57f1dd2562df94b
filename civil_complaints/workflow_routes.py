"""Importing this module adds the officer-workflow pages to the civil_complaints blueprint."""

from civil_complaints import access_log_views, case_views, citizen_files, template_views, workflow_views

ROUTE_MODULES = (access_log_views, case_views, citizen_files, template_views, workflow_views)

"""Every URL of the survey engine (의견수렴), in one table. Endpoint names are the view functions'."""

from __future__ import annotations

from flask import Blueprint

import surveys.public_views as public_views
import surveys.views as views

bp = Blueprint("surveys", __name__, template_folder="templates")

# respondents: the public list, the e-mailed link, a survey published on its own, the published summary
bp.add_url_rule("/surveys", view_func=public_views.index)
bp.add_url_rule("/surveys/answer/<token>", view_func=public_views.answer, methods=["GET", "POST"])
bp.add_url_rule("/surveys/<int:survey_id>", view_func=public_views.answer_public, methods=["GET", "POST"])
bp.add_url_rule("/surveys/<int:survey_id>/results", view_func=public_views.summary)

# staff
bp.add_url_rule("/staff/surveys", view_func=views.surveys)
bp.add_url_rule("/staff/surveys/new", view_func=views.new_survey, methods=["GET", "POST"])
bp.add_url_rule("/staff/surveys/<int:survey_id>", view_func=views.survey)
bp.add_url_rule("/staff/surveys/<int:survey_id>/edit", view_func=views.edit_survey, methods=["GET", "POST"])
bp.add_url_rule("/staff/surveys/<int:survey_id>/questions/new", view_func=views.edit_question,
                methods=["GET", "POST"])
bp.add_url_rule("/staff/surveys/<int:survey_id>/questions/<int:question_id>", view_func=views.edit_question,
                methods=["GET", "POST"])
bp.add_url_rule("/staff/surveys/<int:survey_id>/questions/<int:question_id>/delete",
                view_func=views.delete_question, methods=["POST"])
bp.add_url_rule("/staff/surveys/<int:survey_id>/open", view_func=views.open_survey, methods=["POST"])
bp.add_url_rule("/staff/surveys/<int:survey_id>/close", view_func=views.close_survey, methods=["POST"])
bp.add_url_rule("/staff/surveys/<int:survey_id>/publish", view_func=views.publish_summary, methods=["POST"])
bp.add_url_rule("/staff/surveys/<int:survey_id>/results", view_func=views.results)

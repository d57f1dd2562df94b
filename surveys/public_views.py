"""The respondents' pages: the answer page of an e-mailed link (/surveys/answer/<token>), the public answer page of
a survey published on its own (/surveys/<id>, one answer per browser session) and the published summary
(/surveys/<id>/results). Nothing of the respondent is recorded: no address, no session id, no time of day."""

from __future__ import annotations

from flask import abort, make_response, render_template, request, session
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from core.clock import now_utc
from core.extensions import db
from surveys import labels, queries, services
from surveys.charts import question_charts
from surveys.domain import answers as rules
from surveys.forms import ButtonForm
from surveys.models import Survey

#: the session key listing the public surveys this browser answered
ANSWERED = "surveys_answered"


def _private(body, status: int = 200):
    response = make_response(body, status)
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def _outcome(title: str, paragraphs: list[str], status: int = 200):
    return _private(render_template("surveys/outcome.html", title=title, paragraphs=paragraphs), status)


def _submitted(form: MultiDict) -> dict[int, list[str]]:
    """The form's answers by question id (fields named q<id>); anything else ignored."""
    found: dict[int, list[str]] = {}
    for name in form:
        if name.startswith("q") and name[1:].isascii() and name[1:].isdigit() and len(name) < 14:
            found[int(name[1:])] = [v[:rules.MAX_TEXT + 1000] for v in form.getlist(name)][:100]
    return found


def _answer_page(survey: Survey, errors: dict[int, str], submitted: dict[int, list[str]], action: str):
    status = 400 if errors else 200
    return _private(render_template("surveys/answer.html", survey=survey, errors=errors, submitted=submitted,
                                    error_texts={k: str(v) for k, v in labels.ANSWER_ERRORS.items()},
                                    action=action, form=ButtonForm()), status)


def _thanks():
    return _outcome(_("Thank you for your answers"), [
        _("Your answers were recorded. They are kept without your name or e-mail address."),
        _("When the survey closes, a summary of the results may be published on this site.")])


def _closed():
    return _outcome(_("This survey is not taking answers"), [labels.refusal("not_open")], 410)


def answer(token: str):
    now = now_utc()
    invitation = services.invitation_for(token)
    if invitation is None:
        return _outcome(_("This link does not work"), [labels.refusal("unknown")], 404)
    if invitation.answered:
        return _outcome(_("You have already answered"), [labels.refusal("used")], 410)
    survey = db.session.get(Survey, invitation.survey_id)
    if not rules.accepts(survey.status, survey.closes_at, now):
        return _closed()
    page = _take(survey, lambda submitted: services.answer(token, submitted, now=now), request.path)
    return page if page is not None else _thanks()


def _take(survey: Survey, store, action: str):
    if request.method != "POST":
        return _answer_page(survey, {}, {}, action)
    submitted = _submitted(request.form)
    if not ButtonForm().validate_on_submit():
        return _answer_page(survey, {}, submitted, action)
    try:
        store(submitted)
    except services.AnswersRefused as refused:
        db.session.rollback()
        return _answer_page(survey, refused.errors, submitted, action)
    except services.SurveyRefused as refused:
        db.session.rollback()
        return _outcome(_("Your answers could not be recorded"), [labels.refusal(refused.code)], 409)
    db.session.commit()
    return None


def answer_public(survey_id: int):
    now = now_utc()
    survey = db.session.get(Survey, survey_id)
    if survey is None or not survey.is_public or survey.status == rules.DRAFT:
        abort(404)
    if not rules.accepts(survey.status, survey.closes_at, now):
        return _closed()
    if survey.id in session.get(ANSWERED, []):
        return _outcome(_("You have already answered"), [
            _("This browser has already sent answers to this survey. Thank you for taking part.")], 409)
    page = _take(survey, lambda submitted: services.answer_public(survey, submitted, now=now), request.path)
    if page is not None:
        return page
    session[ANSWERED] = [*session.get(ANSWERED, []), survey.id][-50:]
    return _thanks()


def index():
    open_, published = queries.public_index(now_utc())
    return render_template("surveys/index.html", open_surveys=open_, published=published)


def summary(survey_id: int):
    survey = db.session.get(Survey, survey_id)
    if survey is None or survey.summary_published_at is None:
        abort(404)
    figures = queries.results(survey, with_texts=False)
    return render_template("surveys/results.html", survey=survey, results=figures, charts=question_charts(figures),
                           status_labels=labels.STATUS_LABELS, public=True)

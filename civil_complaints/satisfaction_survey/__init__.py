"""The periodic satisfaction survey of finished 민원 (issue 20 item 5, ISO 10004): a sample of 민원 answered some
days ago is invited by e-mail to the standing survey "complaint_satisfaction" of the shared survey engine
(surveys/), and its results are read by handling department in the reports hub (`satisfaction-survey`).

Separate from the per-민원 rating after the answer (법 제26조, monitoring/citizen_notices.py), which stays.

Anonymity: `complaint_survey_invitations` records only that a 민원 was invited to a survey (so never twice); the
survey engine's invitation keeps the SHA-256 of the token and the department's code (its `segment`), and the
answer copies that code, nothing else. The tokens of one run are handed to the 민원 in a shuffled order, so even
the order of the rows does not tie an invitation to a 민원.
"""

"""The officer's workflow on one 민원: assignment, 보완, 연장, 이송, 협조, 답변, 종결, 반려, 병합, 감사 의뢰;
the case page, its timeline, and the notices each step sends (rules: civil_complaints/domain/workflow.py)."""

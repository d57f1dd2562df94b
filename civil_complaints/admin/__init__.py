"""Administrators' and heads' catalog pages: the 민원 types (분류, 처리기간, 담당 부서, 첨부, Open311)
and canned answers."""

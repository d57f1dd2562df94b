"""The 처리기한 as people meet it: the public calculator, a stored 민원's running deadline (`services.deadline_of`),
explanations in words, periods as typed."""

"""제도개선 과제 (issue 20): the register of improvements 민원 prompted, their notices and the public page."""

"""A holiday change in two steps (D7): the preview, the save with a reason, the recomputation of open deadlines,
and the 민원인 told once the change has settled."""

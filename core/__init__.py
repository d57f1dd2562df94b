"""The shared kernel every package builds on: database and Flask extensions, the clock, input bounds, formats,
PDF rendering, rate limits. It imports no other package of this project."""

"""History: aggregates, the sessions log, progress per exercise, story, therapies."""

# The expert pool, panels, rounds, rubrics, assignments and scores arrive with the judging
# issue. This app depends on nominations, never the other way round.

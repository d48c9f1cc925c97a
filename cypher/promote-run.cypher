// promote-run: make $run the current run (and no other).
MATCH (r:Run)
SET r.current = (r.id = $run)
RETURN count(r) AS runs

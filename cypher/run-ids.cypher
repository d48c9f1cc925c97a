// run-ids: every run's id and whether it is current.
MATCH (r:Run)
RETURN r.id AS id, r.current AS current
ORDER BY id

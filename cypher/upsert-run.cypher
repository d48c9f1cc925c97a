// upsert-run: a run's record; it becomes current when no other run is.
OPTIONAL MATCH (other:Run {current: true}) WHERE other.id <> $run
WITH count(other) AS others
MERGE (r:Run {id: $run})
SET r.model = $model, r.directory = $directory, r.writtenAt = datetime(), r.faithfulness = $faithfulness,
    r.current = coalesce(r.current, false) OR others = 0
RETURN r.current AS current

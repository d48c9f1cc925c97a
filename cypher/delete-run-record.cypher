// delete-run-record: a pruned run's record.
MATCH (r:Run {id: $run})
DELETE r

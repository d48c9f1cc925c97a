// delete-run-explanations: a run's explanation nodes, in batches.
MATCH (x:Explanation {run: $run})
WITH x LIMIT 50000
DETACH DELETE x
RETURN count(*) AS deleted

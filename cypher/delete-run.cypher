// delete-run: a run's effects and explanations, before it is written again or when it is pruned (in batches).
MATCH ()-[e:PREDICTED_EFFECT {run: $run}]->()
WITH e LIMIT 50000
DELETE e
RETURN count(*) AS deleted

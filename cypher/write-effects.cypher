// write-effects: one batch of a run's PREDICTED_EFFECT edges (idempotent: MERGE on run, cell and the two nodes).
UNWIND $rows AS row
MATCH (d:Entity {uid: row.drug})
MATCH (g:Entity {uid: row.gene})
MERGE (d)-[e:PREDICTED_EFFECT {run: $run, cell: row.cell}]->(g)
SET e.model = $model, e.delta = row.delta, e.zscore = row.zscore, e.rank = row.rank

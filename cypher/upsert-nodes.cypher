// upsert-nodes: one batch of nodes by (type, key); new nodes get the uid reserved for their row. The type is also a label.
UNWIND $rows AS row
MERGE (n:Entity {type: row.type, key: row.key})
ON CREATE SET n.uid = row.uid, n.datasets = []
SET n:$(row.type), n.name = row.name, n.source = coalesce(row.source, n.source),
    n.datasets = CASE WHEN $dataset IN n.datasets THEN n.datasets ELSE coalesce(n.datasets, []) + $dataset END
RETURN row.i AS i, n.uid AS uid

// upsert-nodes: one batch of nodes by (type, key); new nodes get the uid reserved for their row. The type is also a label.
// A node another dataset also claims keeps its name: one dataset never renames another's nodes.
UNWIND $rows AS row
MERGE (n:Entity {type: row.type, key: row.key})
ON CREATE SET n.uid = row.uid, n.datasets = []
SET n:$(row.type),
    n.name = CASE WHEN size([d IN coalesce(n.datasets, []) WHERE d <> $dataset]) > 0 THEN n.name ELSE row.name END,
    n.source = coalesce(row.source, n.source),
    n.datasets = CASE WHEN $dataset IN n.datasets THEN n.datasets ELSE coalesce(n.datasets, []) + $dataset END
RETURN row.i AS i, n.uid AS uid, n.name AS name

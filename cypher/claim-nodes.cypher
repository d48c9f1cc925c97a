// claim-nodes: existing nodes a dataset uses without changing them, so they outlive other datasets.
UNWIND $uids AS uid
MATCH (n:Entity {uid: uid})
WHERE NOT coalesce($dataset IN n.datasets, false)
SET n.datasets = coalesce(n.datasets, []) + $dataset

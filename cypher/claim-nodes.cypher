// claim-nodes: existing nodes a dataset uses without changing them, so they outlive other datasets.
UNWIND $uids AS uid
MATCH (n:Entity {uid: uid})
WHERE NOT $dataset IN n.datasets
SET n.datasets = n.datasets + $dataset

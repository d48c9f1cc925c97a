// clear-dataset-edges: the graph edges a dataset loaded before (inside the load's transaction, so readers keep them until it commits).
MATCH (:Entity)-[e]->(:Entity)
WHERE e.dataset = $dataset
DELETE e

// clear-dataset-claims: the dataset no longer claims any node; the ones it loads again are claimed afresh.
MATCH (n:Entity)
WHERE $dataset IN n.datasets
SET n.datasets = [d IN n.datasets WHERE d <> $dataset]

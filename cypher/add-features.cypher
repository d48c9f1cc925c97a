// add-features: one batch of feature vectors of a set.
UNWIND $rows AS row
MERGE (v:FeatureVector {dataset: $dataset, set: $set, nodeType: $nodeType, node: row.node})
SET v.values = row.values

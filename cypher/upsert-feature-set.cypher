// upsert-feature-set: a named set of node vectors; returns the dimension it had before (null when new).
MERGE (f:FeatureSet {dataset: $dataset, name: $name, nodeType: $nodeType})
WITH f, f.dimension AS before
SET f.dimension = coalesce(before, $dimension)
RETURN before

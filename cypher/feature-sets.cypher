// feature-sets: every feature set with its dimension and how many vectors it holds.
MATCH (f:FeatureSet)
RETURN f.name AS name, f.nodeType AS nodeType, f.dimension AS dimension,
       COUNT { MATCH (v:FeatureVector) WHERE v.dataset = f.dataset AND v.set = f.name AND v.nodeType = f.nodeType } AS vectors
ORDER BY name, nodeType, f.dataset

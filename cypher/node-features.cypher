// node-features: the feature vectors of some nodes ($nodes, uids).
MATCH (v:FeatureVector)
WHERE v.node IN $nodes
RETURN v.set AS set, v.nodeType AS nodeType, v.node AS node, v.values AS values
ORDER BY v.dataset

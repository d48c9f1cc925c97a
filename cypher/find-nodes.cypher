// find-nodes: every node of a type that some dataset claims, for merging new data onto it (nodes only the reloading
// dataset claimed are swept at commit and must not be merged onto).
MATCH (n:Entity {type: $type})
WHERE size(n.datasets) > 0
RETURN n.uid AS uid, n.type AS type, n.key AS key, n.name AS name
ORDER BY uid

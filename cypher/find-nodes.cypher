// find-nodes: every node of a type, for merging new data onto it.
MATCH (n:Entity {type: $type})
RETURN n.uid AS uid, n.type AS type, n.key AS key, n.name AS name
ORDER BY uid

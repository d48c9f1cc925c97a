// graph-nodes: every graph node, for subgraph extraction.
MATCH (n:Entity)
RETURN n.uid AS uid, n.type AS type, n.key AS key, n.name AS name
ORDER BY uid

// summary-nodes: nodes per type.
MATCH (n:Entity)
RETURN n.type AS type, count(*) AS nodes
ORDER BY type

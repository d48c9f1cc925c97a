// graph-edges: every graph edge once (the same edge from two datasets is one edge to a model).
MATCH (a:Entity)-[e]->(b:Entity)
WHERE e.relation IS NOT NULL
RETURN DISTINCT e.relation AS relation, a.uid AS source, b.uid AS target
ORDER BY relation, source, target

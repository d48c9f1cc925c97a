// summary-edges: graph edges per relation id.
MATCH (:Entity)-[e]->(:Entity)
WHERE e.relation IS NOT NULL
RETURN e.relation AS relation, count(*) AS edges

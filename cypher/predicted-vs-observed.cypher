// predicted-vs-observed: a signature's observed delta next to the written predictions for its (drug, cell line).
MATCH (r:Run)
WHERE ($run IS NULL AND r.current = true) OR r.id = $run
MATCH (s:Signature {sigId: $signature})
WITH r, s
ORDER BY s.id
LIMIT 1
MATCH (s)-[:OF_DRUG]->(d:Drug)
MATCH (d)-[e:PREDICTED_EFFECT {run: r.id, cell: s.cell}]->(g:Gene)
WHERE g.landmarkPosition IS NOT NULL
RETURN g.key AS gene, g.name AS symbol, e.delta AS predicted, s.values[g.landmarkPosition] AS observed, e.rank AS rank
ORDER BY rank

// drugs-for-gene: drugs predicted to move $gene (Entrez id or symbol) up or down ($direction) in $cell, strongest first.
MATCH (r:Run)
WHERE ($run IS NULL AND r.current = true) OR r.id = $run
MATCH (d:Drug)-[e:PREDICTED_EFFECT {run: r.id, cell: $cell}]->(g:Gene)
WHERE (g.key = $gene OR toLower(g.name) = toLower($gene))
  AND (($direction = 'up' AND e.delta > 0) OR ($direction = 'down' AND e.delta < 0))
RETURN d.key AS drug, d.name AS name, e.delta AS delta, e.zscore AS zscore, e.rank AS rank
ORDER BY abs(e.delta) DESC, drug
LIMIT toInteger($limit)

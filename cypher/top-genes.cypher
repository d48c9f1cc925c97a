// top-genes: the strongest predicted effects of $drug in $cell (key or name), for $run (null: the current run).
MATCH (r:Run)
WHERE ($run IS NULL AND r.current = true) OR r.id = $run
MATCH (d:Drug)-[e:PREDICTED_EFFECT {run: r.id}]->(g:Gene)
WHERE (d.key = $drug OR toLower(d.name) = toLower($drug))
  AND e.cell = $cell
RETURN e.rank AS rank, g.key AS gene, g.name AS symbol, e.delta AS delta, e.zscore AS zscore
ORDER BY rank
LIMIT toInteger($limit)

// similar-drugs: cosine between predicted profiles over the written (cell, gene) effects; $cell null means every cell.
MATCH (r:Run)
WHERE ($run IS NULL AND r.current = true) OR r.id = $run
MATCH (d:Drug)-[mine:PREDICTED_EFFECT {run: r.id}]->(g:Gene)
WHERE (d.key = $drug OR toLower(d.name) = toLower($drug))
  AND ($cell IS NULL OR mine.cell = $cell)
WITH r, d, sqrt(sum(mine.delta * mine.delta)) AS myNorm
MATCH (d)-[mine:PREDICTED_EFFECT {run: r.id}]->(g:Gene)<-[theirs:PREDICTED_EFFECT {run: r.id}]-(other:Drug)
WHERE other <> d AND theirs.cell = mine.cell AND ($cell IS NULL OR mine.cell = $cell)
WITH r, other, myNorm, sum(mine.delta * theirs.delta) AS dot, count(*) AS shared
MATCH (other)-[every:PREDICTED_EFFECT {run: r.id}]->(:Gene)
WHERE $cell IS NULL OR every.cell = $cell
WITH other, myNorm, dot, shared, sqrt(sum(every.delta * every.delta)) AS theirNorm
RETURN other.key AS drug, other.name AS name, dot / (myNorm * theirNorm) AS cosine, shared
ORDER BY cosine DESC, drug
LIMIT toInteger($limit)

// explain: the stored attention paths of one predicted effect, best first, as readable text.
MATCH (r:Run)
WHERE ($run IS NULL AND r.current = true) OR r.id = $run
MATCH (d:Drug)-[:EXPLAINED_BY]->(x:Explanation {run: r.id, cell: $cell})-[:EXPLAINS]->(g:Gene)
WHERE (d.key = $drug OR toLower(d.name) = toLower($drug))
  AND (g.key = $gene OR toLower(g.name) = toLower($gene))
RETURN x.rank AS rank, x.score AS score,
       x.names[0] + reduce(text = '', i IN range(0, size(x.relations) - 1) |
         text + ' -[' + x.relations[i] + ' ' + toString(round(x.weights[i], 3)) + ']-> ' + x.names[i + 1]) AS path
ORDER BY rank

-- top-genes: the strongest predicted effects of $drug in $cell.
SELECT e.rank, g.key AS gene, g.name AS symbol, e.delta, e.zscore
FROM predicted_effects e
JOIN nodes g ON g.id = e.gene
WHERE e.run = $run AND e.drug = $drug AND e.cell = $cell
ORDER BY e.rank
LIMIT $limit;

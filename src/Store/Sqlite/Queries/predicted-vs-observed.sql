-- predicted-vs-observed: the written effects of a signature's (drug, cell) with each gene's landmark position, so the
-- store can read the observed value from the signature's vector.
SELECT g.key AS gene, g.name AS symbol, e.delta AS predicted, l.position, e.rank
FROM predicted_effects e
JOIN nodes g ON g.id = e.gene
JOIN landmark_genes l ON l.node = e.gene
WHERE e.run = $run AND e.drug = $drug AND e.cell = $cell
ORDER BY e.rank;

-- explain: the stored attention paths of one effect, best first (node names are filled in by the store).
SELECT rank, score, nodes, relations, weights
FROM explanation_paths
WHERE run = $run AND drug = $drug AND cell = $cell AND gene = $gene
ORDER BY rank;

-- drugs-for-gene: drugs predicted to move $gene up (or down) in $cell, strongest first.
SELECT d.key AS drug, d.name, e.delta, e.zscore, e.rank
FROM predicted_effects e
JOIN nodes d ON d.id = e.drug
WHERE e.run = $run AND e.gene = $gene AND e.cell = $cell
  AND (($direction = 'up' AND e.delta > 0) OR ($direction = 'down' AND e.delta < 0))
ORDER BY abs(e.delta) DESC, d.key
LIMIT $limit;

-- similar-drugs: cosine between predicted profiles over the written (cell, gene) effects; $cell may be NULL (all cells).
WITH mine AS (
    SELECT cell, gene, delta FROM predicted_effects
    WHERE run = $run AND drug = $drug AND ($cell IS NULL OR cell = $cell)
),
norms AS (
    SELECT drug, sqrt(sum(delta * delta)) AS norm FROM predicted_effects
    WHERE run = $run AND ($cell IS NULL OR cell = $cell)
    GROUP BY drug
),
dots AS (
    SELECT o.drug, sum(o.delta * m.delta) AS dot, count(*) AS shared
    FROM predicted_effects o
    JOIN mine m ON m.cell = o.cell AND m.gene = o.gene
    WHERE o.run = $run AND o.drug <> $drug
    GROUP BY o.drug
)
SELECT d.key AS drug, d.name, dots.dot / (n.norm * (SELECT sqrt(sum(delta * delta)) FROM mine)) AS cosine, dots.shared
FROM dots
JOIN norms n ON n.drug = dots.drug
JOIN nodes d ON d.id = dots.drug
ORDER BY cosine DESC, d.key
LIMIT $limit;

// summary-counts: signatures, cell lines with a baseline, landmark genes.
OPTIONAL MATCH (b:Baseline)
WITH count(DISTINCT b.cell) AS baselines
RETURN COUNT { MATCH (:Signature) } AS signatures, baselines, COUNT { MATCH (:Landmark) } AS landmarks

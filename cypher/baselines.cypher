// baselines: basal expression per cell line; later datasets come last, so they win.
MATCH (b:Baseline)
RETURN b.cell AS cell, b.values AS values
ORDER BY b.dataset

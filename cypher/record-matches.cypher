// record-matches: how LINCS compounds were joined to drug nodes.
UNWIND $rows AS row
MERGE (m:CompoundMatch {dataset: $dataset, compound: row.compound})
SET m.drug = row.drug, m.method = row.method

// set-attributes: one batch of text attributes (InChIKey, SMILES, DrugBank id, ...) of nodes.
UNWIND $rows AS row
MERGE (a:Attribute {dataset: $dataset, node: row.node, name: row.name})
SET a.value = row.value

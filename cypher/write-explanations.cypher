// write-explanations: one batch of attention paths, each linked to its drug and gene.
UNWIND $rows AS row
MATCH (d:Entity {uid: row.drugId})
MATCH (g:Entity {uid: row.geneId})
MERGE (x:Explanation {run: $run, drug: row.drug, cell: row.cell, gene: row.gene, rank: row.rank})
SET x.score = row.score, x.nodes = row.nodes, x.names = row.names, x.relations = row.relations, x.weights = row.weights
MERGE (d)-[:EXPLAINED_BY]->(x)
MERGE (x)-[:EXPLAINS]->(g)

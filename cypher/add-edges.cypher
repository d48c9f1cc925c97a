// add-edges: one batch of graph edges; the relationship type is the relation's name in upper case.
UNWIND $rows AS row
MATCH (a:Entity {uid: row.source})
MATCH (b:Entity {uid: row.target})
CREATE (a)-[e:$(row.type)]->(b)
SET e.relation = row.relation, e.dataset = $dataset

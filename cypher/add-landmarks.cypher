// add-landmarks: the landmark genes; each gene node also carries its position, for indexing signature values.
UNWIND $rows AS row
CREATE (l:Landmark {position: row.position, entrez: row.entrez, symbol: row.symbol, node: row.node})
WITH row
MATCH (g:Entity {uid: row.node})
SET g.landmarkPosition = row.position

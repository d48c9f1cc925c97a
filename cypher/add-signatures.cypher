// add-signatures: one batch of observed signatures (values in landmark order), linked to their drug and cell line.
UNWIND $rows AS row
MATCH (d:Entity {uid: row.drug})
MATCH (c:Entity {uid: row.cell})
CREATE (s:Signature {id: row.id, dataset: $dataset, sigId: row.sigId, kind: row.kind, drug: row.drug, cellId: row.cell,
                     cell: c.key, dose: row.dose, doseUnit: row.doseUnit, time: row.time, timeUnit: row.timeUnit,
                     values: row.values})
CREATE (s)-[:OF_DRUG]->(d)
CREATE (s)-[:IN_CELL]->(c)

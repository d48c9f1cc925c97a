// signatures: observed signatures, optionally of some datasets ($datasets, names) or of one kind.
MATCH (s:Signature)
MATCH (ds:Dataset {id: s.dataset})
WHERE ($datasets IS NULL OR ds.name IN $datasets) AND ($kind IS NULL OR s.kind = $kind)
RETURN s.id AS id, s.sigId AS sigId, ds.name AS dataset, s.kind AS kind, s.drug AS drug, s.cellId AS cell,
       s.dose AS dose, s.doseUnit AS doseUnit, s.time AS time, s.timeUnit AS timeUnit, s.values AS values
ORDER BY id

// signature-ids: the signature id itself, or ones that start like it (for close matches).
MATCH (s:Signature)
WHERE s.sigId = $signature OR s.sigId STARTS WITH $prefix
RETURN DISTINCT s.sigId AS sigId
LIMIT 200

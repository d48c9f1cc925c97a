// landmark-users: how many vectors of other datasets follow the stored landmark order.
RETURN COUNT { MATCH (s:Signature) WHERE s.dataset <> $dataset } + COUNT { MATCH (b:Baseline) WHERE b.dataset <> $dataset } AS vectors

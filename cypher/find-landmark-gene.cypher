// find-landmark-gene: a gene node by its landmark symbol, in any case.
MATCH (l:Landmark)
WHERE toLower(l.symbol) = toLower($text)
MATCH (n:Entity {uid: l.node})
RETURN n.uid AS uid, n.type AS type, n.key AS key, n.name AS name
LIMIT 1

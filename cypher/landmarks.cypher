// landmarks: the store's landmark genes in vector order.
MATCH (l:Landmark)
RETURN l.position AS position, l.entrez AS entrez, l.symbol AS symbol, l.node AS node
ORDER BY position

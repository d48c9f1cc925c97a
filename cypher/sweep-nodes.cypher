// sweep-nodes: nodes that no dataset claims any more go, with everything attached to them.
MATCH (n:Entity)
WHERE size(n.datasets) = 0
DETACH DELETE n

// nodes-by-uid: nodes by the store's numeric ids.
UNWIND $uids AS uid
MATCH (n:Entity {uid: uid})
RETURN n.uid AS uid, n.type AS type, n.key AS key, n.name AS name

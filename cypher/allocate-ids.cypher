// allocate-ids: reserves $count consecutive ids from the named counter (node uids, signature ids) and returns the first.
MERGE (c:Counter {name: $counter})
ON CREATE SET c.next = 1
WITH c, c.next AS first
SET c.next = first + $count
RETURN first

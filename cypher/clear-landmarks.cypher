// clear-landmarks: forget the landmark gene set (before it is replaced).
MATCH (l:Landmark)
OPTIONAL MATCH (g:Entity {uid: l.node})
REMOVE g.landmarkPosition
DELETE l

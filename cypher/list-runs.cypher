// list-runs: runs with their counts, newest first.
MATCH (r:Run)
OPTIONAL MATCH ()-[e:PREDICTED_EFFECT {run: r.id}]->()
WITH r, count(e) AS effects
OPTIONAL MATCH (x:Explanation {run: r.id})
RETURN r.id AS id, r.model AS model, r.directory AS directory, r.writtenAt AS writtenAt, r.current AS current,
       effects, count(x) AS paths, r.faithfulness AS faithfulness
ORDER BY writtenAt DESC, id

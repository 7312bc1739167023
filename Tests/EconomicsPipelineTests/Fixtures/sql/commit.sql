-- An extraction query that ends the run's read-only snapshot: refused before it is sent.
SELECT count(*) AS visits FROM hospital.visits WHERE started_at >= $1 AND started_at < $2;
COMMIT;
CREATE TABLE public.x (i int);

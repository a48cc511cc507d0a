// Every test here starts several processes against PostgreSQL, and one stops a PostgreSQL server: run them one at a
// time so timings stay meaningful and no test sees another's outage.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

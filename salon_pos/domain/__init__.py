"""Pure rules and records of the salon: no Qt, no database, no wall clock."""

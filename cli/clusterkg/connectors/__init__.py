"""Programme data as it is published (CORDIS, keep.eu, EURIO, beneficiary lists through a
mapping card), read into records and rendered as one dataset file of the graph."""

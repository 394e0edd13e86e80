"""Stage: a bill's classified actions in date order -> where it is and how far it got.

`outcome.bill_stage` is the one place a stored bill's stage is computed (machine.py is the state
machine it runs; sources.py reads other sources' action histories into the machine's shape).
"""

"""Every feature of the core, imported once so that each registers its record rules.

Importing a feature module registers its tables' rules with `desktop.core.records`; a `Store`
refuses to start until every syncing table has them. The entry points (the command line, the
GUI, the merge's staging helper, the tests) import this module first.
"""

from desktop.core import assessments, households, housing, life_events, plan, training, villages

FEATURES = (villages, households, assessments, life_events, housing, training, plan)

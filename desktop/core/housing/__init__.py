"""Housing support (Project 5): from registration to the last payment, inside the rules.

- `housing.rules`: the record rules of supports, payments and prior supports (registered at
  import: `Store`, `check` and the office's merge run them), codes and labels;
- `housing.workflow`: the steps, each a `check_x` (never raises) and an `x` (raises
  `ValidationFailed`, writes through `Store`);
- `housing.queries`: the list, counts and sums, progress against the plan, supported twice.
"""

from desktop.core.housing import queries, rules, workflow
from desktop.core.housing.rules import (
    CONDITIONS,
    ENDED,
    KINDS,
    SOURCES,
    STATUSES,
    STEPS,
    condition_label,
    kind_label,
    program_name,
    source_label,
    stage_label,
    status_label,
)
from desktop.core.housing.workflow import (
    Acceptance,
    Approval,
    Payment,
    PriorSupport,
    Registration,
    accept,
    approve,
    check_accept,
    check_approve,
    check_correct,
    check_delete_payment,
    check_end,
    check_pay,
    check_reach_stage,
    check_record_prior,
    check_register,
    check_start,
    correct,
    delete_payment,
    end,
    next_steps,
    pay,
    reach_stage,
    record_prior,
    register,
    remove_prior,
    start,
)

__all__ = [
    "CONDITIONS", "ENDED", "KINDS", "SOURCES", "STATUSES", "STEPS", "Acceptance", "Approval", "Payment",
    "PriorSupport", "Registration", "accept", "approve", "check_accept", "check_approve", "check_correct",
    "check_delete_payment", "check_end", "check_pay", "check_reach_stage", "check_record_prior", "check_register",
    "check_start", "condition_label", "correct", "delete_payment", "end", "kind_label", "next_steps", "pay",
    "program_name", "queries", "reach_stage", "record_prior", "register", "remove_prior", "rules", "source_label",
    "stage_label", "start", "status_label", "workflow",
]

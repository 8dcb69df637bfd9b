"""Vocational training (Project 4): courses, enrolments, certificates and jobs.

- `training.rules`: the record rules of courses and enrolments (registered at import: `Store`,
  `check` and the office's merge run them), codes and labels;
- `training.workflow`: courses, enrolment with the proposed learner group, start, completion
  with a certificate, drop, outcome after the course, training received before — each a
  `check_x` (never raises) and an `x` (raises `ValidationFailed`, writes through `Store`);
- `training.queries`: the course list with seats, a course's learners, people to enrol, results
  against the plan, breakdowns, support by source, supported twice across communes.
"""

from desktop.core.training import queries, rules, workflow
from desktop.core.training.rules import (
    OUTCOMES,
    STATUSES,
    group_label,
    group_short_label,
    level_label,
    outcome_label,
    prior_program_name,
    source_label,
    status_label,
)
from desktop.core.training.workflow import (
    Completion,
    CourseDraft,
    Enrolment,
    Outcome,
    PriorTraining,
    Proposal,
    check_complete,
    check_drop,
    check_enrol,
    check_record_outcome,
    check_record_prior,
    check_save_course,
    check_start,
    complete,
    complete_many,
    drop,
    enrol,
    load_course,
    propose,
    record_outcome,
    record_prior,
    save_course,
    start,
)

__all__ = [
    "OUTCOMES", "STATUSES", "Completion", "CourseDraft", "Enrolment", "Outcome", "PriorTraining", "Proposal",
    "check_complete", "check_drop", "check_enrol", "check_record_outcome", "check_record_prior", "check_save_course",
    "check_start", "complete", "complete_many", "drop", "enrol", "group_label", "group_short_label", "level_label", "load_course",
    "outcome_label", "prior_program_name", "propose", "queries", "record_outcome", "record_prior", "rules",
    "save_course", "source_label", "start", "status_label", "workflow",
]

"""Demo vocational-training courses (Project 4) and the enrolments of working-age members."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import desktop.core.demo.names as names
from desktop.core.demo.common import DATA_DATE, Person, cap, learner_group, weighted


class TrainingPart:
    """Part of the generator (see desktop.core.demo): training."""

    def _write_training(self) -> None:
        rng = self.rng
        n_courses = 2 if self.total < 500 else 3 if self.total < 2000 else 4
        provider = names.TRAINING_PROVIDER.format(parent=self.parent_label).strip()
        courses, far = [], []
        for occupation, start, end, days, cost, at_centre in names.COURSES[:n_courses]:
            far.append(at_centre)
            place = (f"Trung tâm GDNN-GDTX {self.parent_label}".strip() if at_centre
                     else f"Nhà văn hóa {rng.choice(self.village_names)}, {self.commune_label}")
            courses.append({
                "occupation": occupation, "level": "under_3_months", "provider": provider,
                "place": place, "start_date": start, "end_date": end, "seats": rng.randint(30, 35),
                "cost_per_learner": cost, "study_days": days, "notes": "",
            })
        course_ids = self.store.insert_many("training_courses", courses)
        self.result.training_courses = len(courses)
        candidates = list(self.learners)
        rng.shuffle(candidates)
        wanted = max(8, round(self.total * 0.03))
        per_course = [min(c["seats"], math.ceil(wanted / n_courses)) for c in courses]
        enrolments = []
        for course_id, course, at_centre, seats in zip(course_ids, courses, far, per_course, strict=True):
            taken, candidates = candidates[:seats], candidates[seats:]
            for member_id, person, cls in taken:
                enrolments.append(self._enrolment(course_id, course, at_centre, member_id, person, cls))
        self.store.insert_many("training_enrolments", enrolments)
        self.result.training_enrolments = len(enrolments)

    def _enrolment(self, course_id: int, course: dict, at_centre: bool, member_id: int, person: Person,
                   cls: str) -> dict[str, Any]:
        rng = self.rng
        start = dt.date.fromisoformat(course["start_date"])
        end = dt.date.fromisoformat(course["end_date"])
        enrolled = start - dt.timedelta(days=rng.randint(5, 25))
        if enrolled > DATA_DATE:  # a course about to open: enrolments of the last weeks
            enrolled = DATA_DATE - dt.timedelta(days=rng.randint(0, 20))
        days = course["study_days"]
        if end < DATA_DATE:
            status = "completed" if rng.random() < 0.86 else "dropped"
        elif start <= DATA_DATE:
            status = "studying" if rng.random() < 0.92 else "dropped"
        else:
            status = "registered"
        norms = self.store.rules.training_norms(enrolled.year) or {}
        caps = {g["code"]: g["cost_max"] for g in norms.get("learner_groups", [])}
        group = learner_group(person, cls)
        row: dict[str, Any] = {
            "course_id": course_id, "member_id": member_id, "learner_group": group, "status": status,
            "enrolled_on": enrolled.isoformat(), "certificate_no": "", "outcome": "", "outcome_date": None,
            "cost_support": min(course["cost_per_learner"], caps.get(group, 0)),
            "meal_days": 0, "travel_support": 0, "job_connection_support": 0, "notes": "",
        }
        if status == "completed":
            row["meal_days"] = days - rng.randint(0, 3)
            row["certificate_no"] = f"{rng.randint(1, 450):03d}/{end.year}/CCSC"
            outcome = weighted(rng, (("self_employed", 45), ("new_job", 15), ("enterprise", 15),
                                      ("abroad", 5), ("none", 20)))
            row["outcome"] = outcome
            row["outcome_date"] = cap(end + dt.timedelta(days=rng.randint(30, 120))).isoformat()
            if outcome in ("enterprise", "abroad") and rng.random() < 0.7:
                row["job_connection_support"] = norms.get("job_connection_per_worker_max") or 0
        elif status == "studying":
            row["meal_days"] = min(days, (DATA_DATE - start).days * 5 // 7)
        elif status == "dropped":
            row["meal_days"] = rng.randint(3, max(3, days // 2))
        if at_centre and status != "registered":
            row["travel_support"] = (norms.get("travel") or {}).get("standard", 0)
        return row

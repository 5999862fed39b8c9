"""Care management work for an enrolled member (issue 4), one module per concern:

- assessments: versioned question sets (HRA, SDOH) kept as data, assessments answered on a
  version, and the needs their scoring flags;
- plans: the individualized care plan (problems, goals, tasks, care team, acknowledgement),
  versioned as a whole with django-reversion (careplans/plans/history.py);
- contacts: outreach attempts and contacts;
- enrollment: program enrollment episodes and their transitions (with outreach, whose rule
  decides "unable to reach");
- clocks: due-date settings (configurable, history kept) and each member's computed clocks.
"""

from .assessments import (
    AnswerType,
    Assessment,
    AssessmentKind,
    AssessmentNeed,
    AssessmentStatus,
    Need,
    Question,
    QuestionSet,
    QuestionSetStatus,
    ScoringRule,
)
from .clocks import ClockSetting, ClockState, MemberClock
from .contacts import Contact, ContactKind, ContactMode, ContactOutcome, ReachedParty
from .enrollment import (
    OPEN_ENROLLMENT_STATUSES,
    DisenrollmentReason,
    EnrollmentStatus,
    EnrollmentTransition,
    ProgramEnrollment,
)
from .history import TASK_ITEM_KIND, PriorRecord, PriorRecordKind, TaskSnooze
from .plans import (
    AcknowledgementMethod,
    CarePlan,
    CarePlanGoal,
    CarePlanProblem,
    CarePlanStatus,
    CarePlanTask,
    CareTeamMember,
    GoalProposal,
    GoalStatus,
    TaskOwner,
    TaskStatus,
)

__all__ = [
    "OPEN_ENROLLMENT_STATUSES",
    "TASK_ITEM_KIND",
    "AcknowledgementMethod",
    "AnswerType",
    "Assessment",
    "AssessmentKind",
    "AssessmentNeed",
    "AssessmentStatus",
    "CarePlan",
    "CarePlanGoal",
    "CarePlanProblem",
    "CarePlanStatus",
    "CarePlanTask",
    "CareTeamMember",
    "ClockSetting",
    "ClockState",
    "Contact",
    "ContactKind",
    "ContactMode",
    "ContactOutcome",
    "DisenrollmentReason",
    "EnrollmentStatus",
    "EnrollmentTransition",
    "GoalProposal",
    "GoalStatus",
    "MemberClock",
    "Need",
    "PriorRecord",
    "PriorRecordKind",
    "ProgramEnrollment",
    "Question",
    "QuestionSet",
    "QuestionSetStatus",
    "ReachedParty",
    "ScoringRule",
    "TaskOwner",
    "TaskSnooze",
    "TaskStatus",
]

"""Care plan versions with django-reversion: a plan and all its parts are one revision.

Every service that changes a plan saves inside `reversion.create_revision()` with the user and
a comment, so the list of revisions of a plan is its version history and any two can be shown
side by side (careplans selectors read them back).
"""

import reversion

from careplans.models import CarePlan, CarePlanGoal, CarePlanProblem, CarePlanTask, CareTeamMember

reversion.register(CarePlanProblem)
reversion.register(CarePlanGoal)
reversion.register(CarePlanTask)
reversion.register(CareTeamMember)
reversion.register(CarePlan, follow=["problems", "goals", "tasks", "team"])

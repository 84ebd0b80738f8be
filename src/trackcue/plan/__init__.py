"""Training plans: weeks of sessions on the calendar, with parameters that progress per week or
per session completed on target (decided from the history).

- ``parse.load_plan(ref)``: a plan file (or a shipped plan by name) → ``Plan``, or ``PlanProblems``.
- ``calendar``: the plan's sessions on dates from a start date; per-week progressions.
- ``today.today_session(day)``: what the active plan has due, resolved — for the picker.
- ``state``: which plan is active and since when. ``ics.plan_ics``: the plan for calendar apps.
"""

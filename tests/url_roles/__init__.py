"""Every URL by every role, with members inside and outside the caller's scope (Zulip's rule).

One module per concern:
- routes.py: the route table. ROUTES names, for each URL, what it needs: a capability of the
  access layer's table, or only a signed-in user (or nobody); each role's expected status
  follows from ROLE_CAPABILITIES (`expected_status`).
- fixtures.py: the users of each role and the ids the URLs take (`url_kwargs` for a member
  every role may see, `outside_kwargs` for one only the plan admin may see).
- test_table.py: the table itself is complete and true (every URL has a row, the capability
  table gives each role what ROLE_CAPABILITIES says).
- test_statuses.py: the checks, every URL by every role.

A role without the capability gets 404, never 403; a URL that names a member answers 404 for a
member outside the caller's scope, exactly as for a missing one. Pages send anonymous visitors
to the login page (302); the API answers them 403 (DRF with session auth). POST-only URLs are
sent an empty body: a 400/422 proves the caller got past the access check to validation.
"""

"""The directory's history with django-reversion: a partner, its contracts and contacts."""

import reversion

from cbo_partners.models import Partner, PartnerContact, PartnerContract

if not reversion.is_registered(PartnerContract):
    reversion.register(PartnerContract)
if not reversion.is_registered(PartnerContact):
    reversion.register(PartnerContact)
if not reversion.is_registered(Partner):
    reversion.register(Partner, follow=["contracts", "contacts"])

"""Event URLs that are not pages: calendars, consent texts and the signed links.

Included in cms/urls.py before Wagtail's catch-all; they sit under /events/
beside the EventIndexPage (Wagtail's page paths cannot contain dots or the
colons of signed tokens).
"""

from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("events/calendar.ics", views.calendar_feed, name="feed"),
    path("events/calendar/<slug:region_slug>.ics", views.calendar_feed, name="region_feed"),
    path("events/ics/<int:event_id>.ics", views.event_ics, name="event_ics"),
    path("events/consent/<slug:kind>/", views.consent_text, name="consent"),
    path("events/registration/confirm/<str:token>/", views.confirm_email, name="confirm"),
    path("events/registration/letter/", views.registration_letter, name="letter"),
    path("events/registration/<str:token>/", views.manage_registration, name="manage"),
]

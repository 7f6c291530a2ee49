from django.urls import path
from django.utils.translation import gettext_lazy as _

from footprint import journey_views, statement_views, traveller_views, views

app_name = "footprint"
urlpatterns = [
    path(_("my-registration/trip/"), views.declare, name="declare"),
    path(_("speaker-area/trip/"), traveller_views.speaker_trip, name="speaker_trip"),
    path(_("my-registration/share-my-journey/"), journey_views.journey_page, name="journeys"),
    path(_("my-registration/share-my-journey/block/"), journey_views.block, name="journey_block"),
    path(_("my-registration/share-my-journey/sharing/"), journey_views.sharing, name="journey_sharing"),
    path(_("footprint/"), views.public, name="public"),
    path(_("footprint/method/"), views.method, name="method"),
    path(_("my-registration/footprint-statement.pdf"), statement_views.my_statement_pdf, name="my_statement_pdf"),
    path(_("my-registration/footprint-statement.csv"), statement_views.my_statement_csv, name="my_statement_csv"),
]

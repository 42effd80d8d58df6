from django.urls import path

from nncc.stats.api.views import CampaignReportView

urlpatterns = [
    path("reports/campaign/", CampaignReportView.as_view(), name="campaign-report"),
]

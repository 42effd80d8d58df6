from django.urls import path

from nncc.stats import views

app_name = "stats"
urlpatterns = [
    path("campaign/", views.campaign, name="campaign"),
    path("prices/", views.prices, name="prices"),
]

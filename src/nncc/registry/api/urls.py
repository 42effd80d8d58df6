from rest_framework.routers import SimpleRouter

from nncc.registry.api.views import (
    AddressViewSet,
    LinkViewSet,
    OrganisationViewSet,
    PersonViewSet,
    VehicleViewSet,
)

router = SimpleRouter()
router.register("persons", PersonViewSet, basename="person")
router.register("vehicles", VehicleViewSet, basename="vehicle")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("addresses", AddressViewSet, basename="address")
router.register("links", LinkViewSet, basename="link")

urlpatterns = router.urls

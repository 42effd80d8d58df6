from rest_framework.routers import SimpleRouter

from nncc.reference.api.views import (
    DistrictViewSet,
    DrugTermViewSet,
    DrugViewSet,
    PriceEntryViewSet,
)

router = SimpleRouter()
router.register("drugs", DrugViewSet, basename="drug")
router.register("drug-terms", DrugTermViewSet, basename="drug-term")
router.register("districts", DistrictViewSet, basename="district")
router.register("prices", PriceEntryViewSet, basename="price")

urlpatterns = router.urls

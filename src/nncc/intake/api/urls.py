from rest_framework.routers import SimpleRouter

from nncc.intake.api.imports import ImportJobViewSet
from nncc.intake.api.profiles import ImportProfileViewSet
from nncc.intake.api.views import ArrestViewSet, SeizureViewSet

router = SimpleRouter()
router.register("seizures", SeizureViewSet, basename="seizure")
router.register("arrests", ArrestViewSet, basename="arrest")
router.register("imports", ImportJobViewSet, basename="import")
router.register("import-profiles", ImportProfileViewSet, basename="import-profile")

urlpatterns = router.urls

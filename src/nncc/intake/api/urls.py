from rest_framework.routers import SimpleRouter

from nncc.intake.api.views import ArrestViewSet, SeizureViewSet

router = SimpleRouter()
router.register("seizures", SeizureViewSet, basename="seizure")
router.register("arrests", ArrestViewSet, basename="arrest")

urlpatterns = router.urls

from rest_framework.routers import SimpleRouter

from nncc.eradication.api.views import EradicationViewSet

router = SimpleRouter()
router.register("eradication", EradicationViewSet, basename="eradication")

urlpatterns = router.urls

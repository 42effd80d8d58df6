from rest_framework.routers import SimpleRouter

from nncc.kernel.api import AuditEntryViewSet

router = SimpleRouter()
router.register("audit", AuditEntryViewSet, basename="audit")

urlpatterns = router.urls

from rest_framework.routers import SimpleRouter

from nncc.resolution.api.views import IdentityViewSet, MatchCandidateViewSet, MergeViewSet

router = SimpleRouter()
router.register("match-candidates", MatchCandidateViewSet, basename="match-candidate")
router.register("identities", IdentityViewSet, basename="identity")
router.register("merges", MergeViewSet, basename="merge")

urlpatterns = router.urls

from django.contrib.auth import views as auth_views
from django.http import HttpResponse


def home(request):
    return HttpResponse("nncc")


class LoginView(auth_views.LoginView):
    pass


def logout_view(request):
    return HttpResponse("")


def health(request):
    return HttpResponse("ok")


def not_found(request, exception=None):
    return HttpResponse("Not found", status=404)


def forbidden(request, exception=None):
    return HttpResponse("Forbidden", status=403)


def server_error(request):
    return HttpResponse("Server error", status=500)

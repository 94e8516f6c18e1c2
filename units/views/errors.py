"""Error pages in Vietnamese. They render without a request context that could fail."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # Rendered without the context processors' database reads: the error may be there.
    template = loader.get_template("errors/500.html")
    return HttpResponseServerError(template.render({"request": None}))

"""Public pages: the welcome page and the footer pages every site owes its users."""

from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def index(request):
    return render(request, "pages/index.html")


@require_GET
def legal_notice(request):
    return render(request, "pages/legal_notice.html")


@require_GET
def privacy_policy(request):
    return render(request, "pages/privacy_policy.html")


@require_GET
def accessibility(request):
    return render(request, "pages/accessibility.html")


@require_GET
def contact(request):
    return render(request, "pages/contact.html")

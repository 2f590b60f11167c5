"""Public pages: the welcome page and the footer pages every site owes its users."""

from django.shortcuts import render
from django.views.decorators.http import require_GET


def _page(name: str):
    """The view of a public page: its template `pages/<name>.html`, nothing else."""

    def view(request):
        return render(request, f"pages/{name}.html")

    view.__name__ = view.__qualname__ = name
    return require_GET(view)


index = _page("index")
legal_notice = _page("legal_notice")
privacy_policy = _page("privacy_policy")
accessibility = _page("accessibility")
contact = _page("contact")

from django.conf import settings


def site(request):
    return {
        "site_name": settings.OPENBILAN_SITE_NAME,
        "operator_name": settings.OPENBILAN_OPERATOR_NAME,
        "contact_email": settings.OPENBILAN_CONTACT_EMAIL,
    }

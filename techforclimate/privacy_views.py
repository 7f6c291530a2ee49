import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from events import editions
from techforclimate import privacy


@login_required
def my_data(request):
    with editions.every_edition():  # a person's data, from every edition they came to
        data = json.dumps(privacy.personal_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tech-for-climate-my-data.json"'
    return response


@login_required
def delete_account(request):
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        with editions.every_edition():
            privacy.delete_account(request.user)
        logout(request)
        messages.success(request, _("Your account and your personal data are deleted. Goodbye, and thank you."))
        return redirect("home")
    error = request.method == "POST"
    return render(request, "accounts/delete.html", {"error": error}, status=400 if error else 200)


def privacy_page(request):
    return render(request, "accounts/privacy.html", {"retention_days": settings.RETENTION_DAYS})

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Remember the language the person signed up in: their e-mails will use it.
        user.language = translation.get_language() or "fr"
        return super().save_user(request, user, form, commit=commit)

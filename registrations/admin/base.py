"""What the back office's own pages share."""

from django.template.response import TemplateResponse


class AdminPage:
    """Pages of our own inside the admin (confirmations, previews, progress), with the
    admin's layout and navigation."""

    def render_admin(self, request, template, context):
        return TemplateResponse(
            request, template, {**self.admin_site.each_context(request), "opts": self.model._meta, **context}
        )

from django.contrib.admin.apps import AdminConfig


class OrganisersAdminConfig(AdminConfig):
    default_site = "techforclimate.admin_site.OrganisersAdminSite"

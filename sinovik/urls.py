from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from showcase import views as showcase_views
from sinovik import views

# The admin signs in through allauth, so throttling and MFA apply there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("SiNovik administration")
admin.site.site_title = "SiNovik"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Crawlers look for these at the root, outside the language prefixes.
    path("sitemap.xml", showcase_views.sitemap, name="sitemap"),
    path("robots.txt", showcase_views.robots_txt, name="robots_txt"),
    path("i18n/setlang/", views.set_language, name="set_language"),
]

# Indonesian, the default, lives at the root; English under /en/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("dasbor/", views.dashboard, name="dashboard"),
    path("instansi/", include("agencies.urls")),
    path("kompetisi/", include("competitions.urls")),
    path("notifikasi/", include("notifications.urls")),
    path("usulan/", include("submissions.urls")),
    path("penjurian/", include("judging.urls")),
    path("wawancara/", include("interviews.urls")),
    path("juri/", include("jury.urls")),
    path("inovasi/", include("showcase.urls")),
    path("publikasi/", include("publications.urls")),
    path("dasbor-penyelenggara/", include("dashboards.urls")),
    path("akun/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

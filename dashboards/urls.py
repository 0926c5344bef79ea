from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.edition, name="edition"),
    path("<slug:slug>/corong.csv", views.funnel_csv, name="funnel_csv"),
    path("<slug:slug>/tanpa-usulan/", views.compliance, name="compliance"),
]

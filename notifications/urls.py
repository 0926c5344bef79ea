from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/dibaca/", views.mark_read, name="mark_read"),
    path("semua-dibaca/", views.mark_all_read, name="mark_all_read"),
]

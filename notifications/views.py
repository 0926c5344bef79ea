from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from notifications import services
from notifications.models import Notification
from notifications.permissions import notification_for
from notifications.selectors import unread_count

PAGE_SIZE = 20


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    own = Notification.objects.for_user(request.user)
    page = Paginator(own, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page_obj": page, "unread_count": unread_count(request)})


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = notification_for(request.user, pk)
    services.mark_notification_read(notification=notification)
    if request.htmx:
        return render(request, "notifications/includes/item.html", {"notification": notification})
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    if services.mark_all_notifications_read(user=request.user):
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")

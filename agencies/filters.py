import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Region


class AgencyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Agency type"), choices=Agency.Kind.choices)
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=Region.objects.provinces(), method="in_province"
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Agency.Status.choices)

    class Meta:
        model = Agency
        fields = ["q", "kind", "province", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(email__icontains=value) | Q(units__name__icontains=value)
        ).distinct()

    def in_province(self, queryset, name, province):
        return queryset.filter(
            Q(region=province)
            | Q(region__province=province)
            | Q(parent__region=province)
            | Q(parent__region__province=province)
        )

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("thong-bao/", views.inbox, name="inbox"),
    path("thong-bao/<int:pk>/da-doc/", views.mark_read, name="mark_read"),
    path("thong-bao/da-doc-tat-ca/", views.mark_all_read, name="mark_all_read"),
    path("thong-bao/cai-dat/", views.preferences, name="preferences"),
    path("thong-bao/ngay-le/", views.holiday_list, name="holiday_list"),
    path("thong-bao/ngay-le/<int:pk>/xoa/", views.holiday_delete, name="holiday_delete"),
    path("thong-bao/han-nop/", views.deadline_list, name="deadline_list"),
]

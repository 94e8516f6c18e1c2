from django.urls import path

from .views import accounts, dashboard, organisation, signers, transfer

app_name = "units"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("healthz/", dashboard.healthz, name="healthz"),
    path(".well-known/security.txt", dashboard.security_txt, name="security_txt"),
    # accounts
    path("dang-nhap/", accounts.LoginView.as_view(), name="login"),
    path("dang-xuat/", accounts.LogoutView.as_view(), name="logout"),
    path("tai-khoan/doi-mat-khau/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("tai-khoan/quen-mat-khau/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "tai-khoan/quen-mat-khau/da-gui/",
        accounts.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "tai-khoan/dat-lai-mat-khau/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("tai-khoan/xac-thuc-hai-lop/", accounts.two_factor, name="two_factor"),
    path("tai-khoan/xac-thuc-hai-lop/cai-dat/", accounts.two_factor_setup, name="two_factor_setup"),
    # units
    path("don-vi/", organisation.unit_list, name="unit_list"),
    path("don-vi/them/", organisation.unit_create, name="unit_create"),
    path("don-vi/nhap-excel/", transfer.import_view, {"target": "unit"}, name="unit_import"),
    path("don-vi/xuat-excel/", transfer.export_view, {"target": "unit"}, name="unit_export"),
    path("don-vi/<int:pk>/", organisation.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/sua/", organisation.unit_update, name="unit_update"),
    path("don-vi/<int:pk>/ngung-hoat-dong/", organisation.unit_deactivate, name="unit_deactivate"),
    # signers and the register of issued documents
    path("nguoi-ky/", signers.signer_list, name="signer_list"),
    path("nguoi-ky/them/", signers.signer_create, name="signer_create"),
    path("nguoi-ky/<int:pk>/sua/", signers.signer_update, name="signer_update"),
    path("so-van-ban/", signers.register_list, name="register_list"),
    # people
    path("ca-nhan/", organisation.person_list, name="person_list"),
    path("ca-nhan/them/", organisation.person_create, name="person_create"),
    path("ca-nhan/nhap-excel/", transfer.import_view, {"target": "person"}, name="person_import"),
    path("ca-nhan/xuat-excel/", transfer.export_view, {"target": "person"}, name="person_export"),
    path("ca-nhan/<int:pk>/", organisation.person_detail, name="person_detail"),
    path("ca-nhan/<int:pk>/sua/", organisation.person_update, name="person_update"),
    path(
        "ca-nhan/<int:pk>/thong-tin-nhay-cam/",
        organisation.person_sensitive,
        name="person_sensitive",
    ),
]

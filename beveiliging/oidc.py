"""Optional OpenID Connect login: only users beheer already authorised, matched on e-mail; never created here."""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class AlleenBekendeGebruikersBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email or not claims.get("email_verified", True):
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims):
        return None

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Nobody signs themselves up: agencies request an account and the secretariat verifies it,
        # and UPP staff are invited by their Admin Lokal.
        return False

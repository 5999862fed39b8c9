"""The access log's client address cannot be forged with a header the client sends itself."""

from django.test import RequestFactory, override_settings

from accounts.access import client_address


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored():
    assert client_address(request_from("10.0.0.9", "203.0.113.7")) == "10.0.0.9"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_balancer_the_hop_it_appended_is_the_client():
    forged_then_real = request_from("10.0.0.2", "198.51.100.66, 203.0.113.7")
    assert client_address(forged_then_real) == "203.0.113.7"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_with_fewer_hops_than_proxies_falls_back_to_the_socket_address():
    assert client_address(request_from("10.0.0.2", "203.0.113.7")) == "10.0.0.2"

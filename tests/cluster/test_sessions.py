"""What a person's browser carries from one app server to the other: the session (signed in
on A is signed in on B, signed out on B is signed out on A) and the lock-out after failed
logins, both kept in the shared database, never in a server's memory or disk."""

from __future__ import annotations

import re

from .client import Cluster

LOCKED = "ระงับการเข้าสู่ระบบชั่วคราว"


def test_signed_in_on_one_server_is_signed_in_on_the_other(cluster: Cluster):
    a, b = cluster.apps
    jar = cluster.jar()
    cluster.client(a, jar).login("viewer", cluster.accounts["viewer"])
    on_b = cluster.client(b, jar)
    status, page = on_b.request("GET", "/rounds/")
    assert status == 200 and 'name="password"' not in page, status  # not sent to log in
    # the static files a page of A names are served by B too (each its own collected copy)
    css = re.search(r'href="(/static/[^"]+\.css)"', page)
    assert css, "no style sheet on the page"
    assert cluster.client(a, jar).request("GET", css.group(1))[0] == 200
    assert on_b.request("GET", css.group(1))[0] == 200

    assert on_b.request("POST", "/accounts/logout/", {})[0] == 302
    status, _ = cluster.client(a, jar).request("GET", "/rounds/")
    assert status == 302  # signed out everywhere


def test_a_lock_out_earned_on_one_server_holds_on_the_other(cluster: Cluster):
    a, b = cluster.apps
    # the balancer tells the servers who the client is (X-Forwarded-For): an address of its
    # own, so that the lock-out (per user name and address) touches no other test
    user, password, ip = "wg-information", cluster.accounts["wg-information"], "203.0.113.7"
    statuses = [cluster.client(a, client_ip=ip).try_login(user, "wrong") for _ in range(5)]
    assert statuses[:4] == [200] * 4 and statuses[4] == 429, statuses
    assert cluster.client(b, client_ip=ip).try_login(user, password) == 429
    # through the balancer, whichever server answers
    assert [cluster.client(client_ip=ip).try_login(user, password) for _ in range(2)] == [429, 429]
    # the right password from another address still signs in: the lock is that pair's
    assert cluster.client(b, client_ip="203.0.113.8").try_login(user, password) == 302

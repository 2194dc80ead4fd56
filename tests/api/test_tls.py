"""HTTPS: `kaito serve --tls-cert --tls-key` with a certificate the test
makes (openssl), checked with a client that verifies it."""
import os
import ssl
import subprocess

import requests

from kaito import Kaito


def make_cert(d):
    cert, key = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec",
                    "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert],
                   check=True, capture_output=True)
    return cert, key


def test_https_with_hsts_and_secure_cookie():
    k = Kaito()
    try:
        cert, key = make_cert(k.dir)
        k.start("--tls-cert", cert, "--tls-key", key)
        assert k.url.startswith("https://")
        r = requests.get(k.url + "/healthz", verify=cert)
        assert r.status_code == 200
        assert r.headers["Strict-Transport-Security"].startswith("max-age=")
        # Login over TLS: the session cookie is Secure (and HttpOnly,
        # SameSite=Strict as always).
        s = requests.Session()
        r = s.post(k.url + "/api/v1/session", verify=cert, json={
            "email": k.admin_email, "password": k.admin_password})
        assert r.status_code == 401   # enrolment first
        assert r.json()["error"]["code"] == "otp_enrollment_required"
        from kaito import totp
        secret = r.json()["enrollment"]["secret"]
        r = s.post(k.url + "/api/v1/session", verify=cert, json={
            "email": k.admin_email, "password": k.admin_password,
            "otp": totp(secret)})
        assert r.status_code == 200, r.text
        cookie = r.headers["Set-Cookie"]
        for attr in ("HttpOnly", "SameSite=Strict", "Secure", "Path=/"):
            assert attr in cookie, cookie
        # Plain HTTP on the TLS port gets no answer.
        plain = k.url.replace("https://", "http://")
        try:
            r = requests.get(plain + "/healthz", timeout=5)
            assert r.status_code != 200
        except requests.exceptions.RequestException:
            pass
        # TLS 1.2 and 1.3 are offered; nothing older.
        for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
            ctx = ssl.create_default_context(cafile=cert)
            ctx.minimum_version = ctx.maximum_version = version
            host, port = k.url[len("https://"):].split(":")
            import socket
            with socket.create_connection((host, int(port))) as raw:
                with ctx.wrap_socket(raw, server_hostname=host) as tls:
                    assert tls.version() in ("TLSv1.2", "TLSv1.3")
    finally:
        k.cleanup()


def test_tls_options_go_together():
    k = Kaito()
    try:
        p = subprocess.run([os.environ.get("KAITO", "build/kaito"), "serve",
                            "--data", k.data, "--tls-cert", "x.pem"],
                           capture_output=True, text=True)
        assert p.returncode == 2
        assert "--tls-cert and --tls-key go together" in p.stderr
        p = subprocess.run([os.environ.get("KAITO", "build/kaito"), "serve",
                            "--data", k.data, "--listen", "127.0.0.1:0",
                            "--tls-cert", "/nonexistent.pem",
                            "--tls-key", "/nonexistent.pem"],
                           capture_output=True, text=True, timeout=30)
        assert p.returncode == 1
        assert "/nonexistent.pem" in p.stderr
    finally:
        k.cleanup()

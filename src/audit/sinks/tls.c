/*
 * tls.c -- see tls.h.
 */
#include <arpa/inet.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "audit/sinks/tls.h"

/* Load every certificate of pem into store (or count them); returns the
 * number, or -1. */
static int
pem_certs(const char *pem, X509_STORE *store, STACK_OF(X509) *chain,
    X509 **first)
{
	BIO *bio;
	X509 *x;
	int n = 0;

	if ((bio = BIO_new_mem_buf(pem, -1)) == NULL)
		return -1;
	while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		if (store != NULL && X509_STORE_add_cert(store, x) != 1) {
			X509_free(x);
			n = -1;
			break;
		}
		if (first != NULL && *first == NULL) {
			*first = x;
			n++;
			continue;
		}
		if (chain != NULL && sk_X509_push(chain, x) > 0) {
			n++;
			continue;
		}
		X509_free(x);
		n++;
	}
	ERR_clear_error();
	BIO_free(bio);
	return n;
}

static EVP_PKEY *
pem_key(const char *pem)
{
	EVP_PKEY *k;
	BIO *bio;

	if ((bio = BIO_new_mem_buf(pem, -1)) == NULL)
		return NULL;
	k = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	ERR_clear_error();
	BIO_free(bio);
	return k;
}

int
sink_tls_check(const struct sink_config *c, struct errbuf *e)
{
	EVP_PKEY *k = NULL;
	X509 *cert = NULL;
	int rc = -1;

	if (c->tls_ca != NULL && pem_certs(c->tls_ca, NULL, NULL, NULL) < 1)
		return errbuf_set(e, "tls_ca: no PEM certificate in it");
	if (c->tls_cert == NULL)
		return 0;
	if (pem_certs(c->tls_cert, NULL, NULL, &cert) < 1) {
		errbuf_set(e, "tls_cert: no PEM certificate in it");
		goto out;
	}
	if ((k = pem_key(c->tls_key)) == NULL) {
		errbuf_set(e, "tls_key: not a PEM private key (unencrypted)");
		goto out;
	}
	if (X509_check_private_key(cert, k) != 1) {
		errbuf_set(e, "tls_key: does not belong to tls_cert");
		goto out;
	}
	rc = 0;
out:
	ERR_clear_error();
	EVP_PKEY_free(k);
	X509_free(cert);
	return rc;
}

SSL_CTX *
sink_tls_ctx(const struct sink_config *c, struct errbuf *e)
{
	STACK_OF(X509) *chain = NULL;
	EVP_PKEY *k = NULL;
	X509 *cert = NULL;
	SSL_CTX *ctx;
	X509_STORE *store;

	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL) {
		errbuf_set(e, "cannot make a TLS context");
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
	    SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	/* Pinned: a fresh store with only the sink's CAs. */
	if ((store = X509_STORE_new()) == NULL) {
		errbuf_set(e, "out of memory");
		goto fail;
	}
	SSL_CTX_set_cert_store(ctx, store);
	if (c->tls_ca == NULL || pem_certs(c->tls_ca, store, NULL, NULL) < 1) {
		errbuf_set(e, "tls_ca: no PEM certificate in it");
		goto fail;
	}
	if (c->tls_cert != NULL) {
		if ((chain = sk_X509_new_null()) == NULL ||
		    pem_certs(c->tls_cert, NULL, chain, &cert) < 1 ||
		    SSL_CTX_use_certificate(ctx, cert) != 1 ||
		    SSL_CTX_set1_chain(ctx, chain) != 1) {
			errbuf_set(e, "tls_cert: cannot use it");
			goto fail;
		}
		if ((k = pem_key(c->tls_key)) == NULL ||
		    SSL_CTX_use_PrivateKey(ctx, k) != 1 ||
		    SSL_CTX_check_private_key(ctx) != 1) {
			errbuf_set(e, "tls_key: cannot use it");
			goto fail;
		}
	}
	EVP_PKEY_free(k);
	X509_free(cert);
	sk_X509_pop_free(chain, X509_free);
	ERR_clear_error();
	return ctx;
fail:
	EVP_PKEY_free(k);
	X509_free(cert);
	sk_X509_pop_free(chain, X509_free);
	SSL_CTX_free(ctx);
	ERR_clear_error();
	return NULL;
}

int
sink_tls_expect(SSL *ssl, const char *name)
{
	X509_VERIFY_PARAM *p = SSL_get0_param(ssl);
	unsigned char buf[16];

	X509_VERIFY_PARAM_set_hostflags(p,
	    X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
	if (inet_pton(AF_INET, name, buf) == 1 ||
	    inet_pton(AF_INET6, name, buf) == 1)
		return X509_VERIFY_PARAM_set1_ip_asc(p, name) == 1 ? 0 : -1;
	if (SSL_set_tlsext_host_name(ssl, name) != 1)
		return -1;
	return SSL_set1_host(ssl, name) == 1 ? 0 : -1;
}

/* gossl-tls-certificate.c: certificates and keys to and from GIO's
 * GTlsCertificate
 *
 * Methods of GosslX509 and GosslPKey (declared in their headers) that speak
 * GIO's TLS types, kept apart from the OpenSSL wrappers themselves.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-private.h"

#include <string.h>

/* Longer chains are refused by every verifier; a longer issuer chain here
 * is a loop in a hand-made GTlsCertificate. */
#define MAX_CHAIN_LENGTH 100

/* GIO makes GTlsCertificates through its TLS backend; without one
 * (glib-networking not installed) the dummy backend makes nothing. */
static GTlsBackend *
require_tls_backend (GError **error)
{
  GTlsBackend *backend = g_tls_backend_get_default ();

  if (backend == NULL || !g_tls_backend_supports_tls (backend))
    {
      gossl_set_error (error, G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE,
                       "GIO has no TLS backend (is glib-networking installed?): "
                       "no GTlsCertificate can be made");
      return NULL;
    }
  return backend;
}

/* A GByteArray holding private key material, wiped before it is freed. */
typedef GByteArray GosslSecret;

static void
clear_secret (GosslSecret *secret)
{
  if (secret == NULL)
    return;
  OPENSSL_cleanse (secret->data, secret->len);
  g_byte_array_unref (secret);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GosslSecret, clear_secret)

/* The private key as unencrypted PKCS#8 DER, the one form every GIO backend
 * reads for every key type (RSA, EC, Ed25519...). */
static GosslSecret *
private_key_der (GosslPKey  *key,
                 GError    **error)
{
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());

  if (bio == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
  ERR_clear_error ();
  if (!i2d_PKCS8PrivateKey_bio (bio, gossl_pkey_get_native (key), NULL, NULL, 0, NULL, NULL))
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not encode the private key");
      return NULL;
    }
  /* A memory BIO clears its buffer when freed. */
  return gossl_bio_to_byte_array (bio);
}

static GTlsCertificate *
new_tls_certificate (GTlsBackend      *backend,
                     GosslX509        *cert,
                     GByteArray       *key_der,
                     GTlsCertificate  *issuer,
                     GError          **error)
{
  g_autoptr(GByteArray) der = gossl_x509_to_data (cert, GOSSL_FILETYPE_ASN1, error);

  if (der == NULL)
    return NULL;
  /* The properties g_tls_certificate_new_from_pem() sets, in DER: the chain
   * is the one given, where parsing PEM would quietly drop issuers that do
   * not verify. */
  return g_initable_new (g_tls_backend_get_certificate_type (backend), NULL, error,
                         "certificate", der,
                         "issuer", issuer,
                         key_der != NULL ? "private-key" : NULL, key_der,
                         NULL);
}

/**
 * gossl_x509_to_tls_certificate:
 * @self: a [class@Gossl.X509]
 * @key: (nullable): the certificate's private key, for a certificate that
 *   serves (a [iface@Gio.TlsServerConnection]'s, or a client certificate), or %NULL
 * @issuers: (array length=n_issuers) (nullable): the chain above @self:
 *   its issuer first, then that one's issuer, and so on
 * @n_issuers: the length of @issuers
 * @error: return location for a [struct@GLib.Error]
 *
 * A [class@Gio.TlsCertificate] of GIO's TLS backend holding the certificate, with
 * @key as its [property@Gio.TlsCertificate:private-key] and @issuers as
 * its [property@Gio.TlsCertificate:issuer] chain: what
 * [func@Gio.TlsServerConnection.new], [class@Gio.SocketService] servers and
 * libsoup take.
 *
 * Without a TLS backend (glib-networking not installed) this fails with
 * %G_TLS_ERROR_UNAVAILABLE. A @key that is not the private half of the
 * certificate's public key, or @issuers that did not issue what they
 * follow, fail with %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT. A certificate
 * that GIO's backend refuses fails with the backend's error
 * (%G_TLS_ERROR_BAD_CERTIFICATE).
 *
 * Returns: (transfer full): a new [class@Gio.TlsCertificate], or %NULL with @error set
 *
 * Since: 0.2
 */
GTlsCertificate *
gossl_x509_to_tls_certificate (GosslX509   *self,
                               GosslPKey   *key,
                               GosslX509  **issuers,
                               guint        n_issuers,
                               GError     **error)
{
  g_autoptr(GosslSecret) key_der = NULL;
  g_autoptr(GTlsCertificate) issuer = NULL;
  GTlsBackend *backend;
  GosslX509 *subject = self;

  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);
  g_return_val_if_fail (key == NULL || GOSSL_IS_PKEY (key), NULL);
  g_return_val_if_fail (issuers != NULL || n_issuers == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  backend = require_tls_backend (error);
  if (backend == NULL)
    return NULL;

  if (key != NULL)
    {
      gboolean matches;

      if (!gossl_pkey_has_private (key))
        {
          gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                           "The key has no private part");
          return NULL;
        }
      ERR_set_mark ();
      matches = X509_check_private_key (gossl_x509_get_native (self), gossl_pkey_get_native (key)) == 1;
      ERR_pop_to_mark ();
      if (!matches)
        {
          gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                           "The key is not the certificate's private key");
          return NULL;
        }
    }

  for (guint i = 0; i < n_issuers; i++)
    {
      if (!GOSSL_IS_X509 (issuers[i]))
        {
          gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                           "Issuer %u is not a certificate", i);
          return NULL;
        }
      /* Names and key identifiers only: the signatures are for the peer to
       * verify. */
      if (X509_check_issued (gossl_x509_get_native (issuers[i]),
                             gossl_x509_get_native (subject)) != X509_V_OK)
        {
          gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                           "Issuer %u did not issue the certificate before it in the chain", i);
          return NULL;
        }
      subject = issuers[i];
    }

  /* From the top of the chain down: each certificate is its child's issuer. */
  for (guint i = n_issuers; i-- > 0;)
    {
      GTlsCertificate *next = new_tls_certificate (backend, issuers[i], NULL, issuer, error);

      if (next == NULL)
        return NULL;
      g_clear_object (&issuer);
      issuer = next;
    }

  if (key != NULL)
    {
      key_der = private_key_der (key, error);
      if (key_der == NULL)
        return NULL;
    }
  return new_tls_certificate (backend, self, key_der, issuer, error);
}

/* The DER of @certificate, or NULL with @error set. */
static GByteArray *
tls_certificate_der (GTlsCertificate  *certificate,
                     GError          **error)
{
  GByteArray *der = NULL;

  if (!G_IS_TLS_CERTIFICATE (certificate))
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "No GTlsCertificate given");
      return NULL;
    }
  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                     "The GTlsCertificate holds no certificate");
  return der;
}

/**
 * gossl_x509_new_from_tls_certificate:
 * @certificate: a GIO certificate
 * @error: return location for a [struct@GLib.Error]
 *
 * A [class@Gossl.X509] holding a copy of @certificate (its
 * [property@Gio.TlsCertificate:certificate]), such as the peer certificate
 * of a [class@Gio.TlsConnection], to inspect with gossl. Its issuers are
 * in [func@Gossl.X509.list_new_from_tls_certificate]; its private key in
 * [ctor@Gossl.PKey.new_from_tls_certificate].
 *
 * Returns: (transfer full): the certificate, or %NULL with @error set
 *
 * Since: 0.2
 */
GosslX509 *
gossl_x509_new_from_tls_certificate (GTlsCertificate  *certificate,
                                     GError          **error)
{
  g_autoptr(GByteArray) der = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  der = tls_certificate_der (certificate, error);
  if (der == NULL)
    return NULL;
  return gossl_x509_new_from_data (GOSSL_FILETYPE_ASN1, der->data, der->len, error);
}

/**
 * gossl_x509_list_new_from_tls_certificate:
 * @certificate: a GIO certificate
 * @error: return location for a [struct@GLib.Error]
 *
 * @certificate and the chain of its [property@Gio.TlsCertificate:issuer]s
 * as #GosslX509s: @certificate first, then its issuer, and so on up to the
 * last one GIO knows.
 *
 * Returns: (transfer container) (element-type GosslX509): the
 *   certificates, or %NULL with @error set
 *
 * Since: 0.2
 */
GPtrArray *
gossl_x509_list_new_from_tls_certificate (GTlsCertificate  *certificate,
                                          GError          **error)
{
  g_autoptr(GPtrArray) chain = NULL;
  GTlsCertificate *current;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  chain = g_ptr_array_new_with_free_func (g_object_unref);
  for (current = certificate; current != NULL; current = g_tls_certificate_get_issuer (current))
    {
      GosslX509 *x509;

      if (chain->len == MAX_CHAIN_LENGTH)
        {
          gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                           "The issuer chain is longer than %d certificates", MAX_CHAIN_LENGTH);
          return NULL;
        }
      x509 = gossl_x509_new_from_tls_certificate (current, error);
      if (x509 == NULL)
        return NULL;
      g_ptr_array_add (chain, x509);
    }
  if (chain->len == 0)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "No GTlsCertificate given");
      return NULL;
    }
  return g_steal_pointer (&chain);
}

/**
 * gossl_pkey_new_from_tls_certificate:
 * @certificate: a GIO certificate with a private key
 * @error: return location for a [struct@GLib.Error]
 *
 * The private key of @certificate (its
 * [property@Gio.TlsCertificate:private-key]) as a [class@Gossl.PKey]. A
 * certificate without one, or whose key GIO cannot hand out (a key in a
 * PKCS #11 module), fails with %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: (transfer full): the key, or %NULL with @error set
 *
 * Since: 0.2
 */
GosslPKey *
gossl_pkey_new_from_tls_certificate (GTlsCertificate  *certificate,
                                     GError          **error)
{
  g_autoptr(GosslSecret) der = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!G_IS_TLS_CERTIFICATE (certificate))
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "No GTlsCertificate given");
      return NULL;
    }
  g_object_get (certificate, "private-key", &der, NULL);
  if (der == NULL)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "The GTlsCertificate holds no private key that can be read");
      return NULL;
    }
  return gossl_pkey_new_from_data (GOSSL_FILETYPE_ASN1, der->data, der->len, NULL, 0, error);
}

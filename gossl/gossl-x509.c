/* gossl-x509.c: a certificate (X509)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-private.h"

#include <string.h>
#include <time.h>

/**
 * GosslX509:
 *
 * An X.509 certificate, pyOpenSSL's `crypto.X509`: load one with
 * gossl_x509_new_from_data(), or build one with gossl_x509_new(), the
 * setters and gossl_x509_sign().
 */
struct _GosslX509
{
  GObject parent_instance;

  X509 *x509;
};

G_DEFINE_FINAL_TYPE (GosslX509, gossl_x509, G_TYPE_OBJECT)

static void
gossl_x509_finalize (GObject *object)
{
  GosslX509 *self = GOSSL_X509 (object);

  X509_free (self->x509);
  G_OBJECT_CLASS (gossl_x509_parent_class)->finalize (object);
}

static void
gossl_x509_class_init (GosslX509Class *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gossl_x509_finalize;
  gossl_ensure_initialized ();
}

static void
gossl_x509_init (GosslX509 *self)
{
}

X509 *
gossl_x509_get_native (GosslX509 *self)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);
  return self->x509;
}

GosslX509 *
gossl_x509_new_from_native (X509 *x509)
{
  GosslX509 *self;

  g_return_val_if_fail (x509 != NULL, NULL);

  self = g_object_new (GOSSL_TYPE_X509, NULL);
  self->x509 = x509;
  return self;
}

/**
 * gossl_x509_new:
 *
 * An empty certificate to fill in and sign, pyOpenSSL's `X509()`. It has
 * no validity period until gossl_x509_gmtime_adj_not_before() and
 * gossl_x509_gmtime_adj_not_after() (or the setters) give it one.
 *
 * Returns: (transfer full): a new #GosslX509
 */
GosslX509 *
gossl_x509_new (void)
{
  X509 *x509;

  gossl_ensure_initialized ();
  x509 = X509_new ();
  if (x509 == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
  return gossl_x509_new_from_native (x509);
}

/**
 * gossl_x509_new_from_data:
 * @type: the encoding of @data
 * @data: (array length=len) (element-type guint8): the encoded certificate
 * @len: the length of @data
 * @error: return location for a #GError
 *
 * Loads a certificate, pyOpenSSL's `load_certificate()`. With PEM the first
 * certificate in @data is read.
 *
 * Returns: (transfer full): the certificate, or %NULL with @error set
 */
GosslX509 *
gossl_x509_new_from_data (GosslFiletype   type,
                          const guint8   *data,
                          gsize           len,
                          GError        **error)
{
  g_autoptr(BIO) bio = NULL;
  GosslPassphrase pass = { NULL, 0, FALSE };
  X509 *x509;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!gossl_check_filetype (type, error))
    return NULL;
  gossl_ensure_initialized ();
  bio = gossl_bio_new_mem_ro (data, len);
  if (bio == NULL)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Certificate data too large");
      return NULL;
    }

  ERR_clear_error ();
  x509 = type == GOSSL_FILETYPE_PEM
    ? PEM_read_bio_X509 (bio, NULL, gossl_passphrase_cb, &pass)
    : d2i_X509_bio (bio, NULL);
  if (x509 == NULL)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not load the certificate");
      return NULL;
    }
  return gossl_x509_new_from_native (x509);
}

/**
 * gossl_x509_to_data:
 * @self: a #GosslX509
 * @type: the encoding wanted
 * @error: return location for a #GError
 *
 * Encodes the certificate, pyOpenSSL's `dump_certificate()`.
 *
 * Returns: (transfer full): the encoded certificate, or %NULL with @error set
 */
GByteArray *
gossl_x509_to_data (GosslX509      *self,
                    GosslFiletype   type,
                    GError        **error)
{
  g_autoptr(BIO) bio = NULL;
  int ok;

  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!gossl_check_filetype (type, error))
    return NULL;

  ERR_clear_error ();
  bio = BIO_new (BIO_s_mem ());
  if (bio == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
  ok = type == GOSSL_FILETYPE_PEM ? PEM_write_bio_X509 (bio, self->x509)
                                  : i2d_X509_bio (bio, self->x509);
  if (!ok)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not encode the certificate");
      return NULL;
    }
  return gossl_bio_to_byte_array (bio);
}

/**
 * gossl_x509_copy:
 * @self: a #GosslX509
 *
 * An independent copy of the certificate.
 *
 * Returns: (transfer full): a new #GosslX509
 */
GosslX509 *
gossl_x509_copy (GosslX509 *self)
{
  X509 *copy;

  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);

  copy = X509_dup (self->x509);
  if (copy == NULL)
    g_error ("%s: could not copy the certificate", G_STRFUNC);
  return gossl_x509_new_from_native (copy);
}

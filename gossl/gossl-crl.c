/* gossl-crl.c: a certificate revocation list (X509_CRL)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-private.h"

/**
 * GosslCrl:
 *
 * A certificate revocation list: the serial numbers of certificates an
 * issuer revoked ([class@Gossl.Revoked] entries), signed by that issuer.
 *
 * Build one with [method@Gossl.Crl.add_revoked], then sign it with
 * [method@Gossl.Crl.sign] (or [method@Gossl.Crl.export], which also sets
 * its update times); or load one with [ctor@Gossl.Crl.new_from_data]. Add it
 * to a store with [method@Gossl.X509Store.add_crl] for verification to
 * consult it.
 *
 * Since: 0.2
 */
struct _GosslCrl
{
  GObject parent_instance;

  X509_CRL *crl; /* never NULL */
};

G_DEFINE_FINAL_TYPE (GosslCrl, gossl_crl, G_TYPE_OBJECT)

static void
gossl_crl_finalize (GObject *object)
{
  GosslCrl *self = GOSSL_CRL (object);

  X509_CRL_free (self->crl);
  G_OBJECT_CLASS (gossl_crl_parent_class)->finalize (object);
}

static void
gossl_crl_class_init (GosslCrlClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gossl_crl_finalize;
  gossl_ensure_initialized ();
}

static void
gossl_crl_init (GosslCrl *self)
{
  /* Never empty: g_object_new() (a binding's Gossl.Crl()) gives a usable
   * object; the native constructors replace this one. */
  self->crl = X509_CRL_new ();
  if (self->crl == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
}

X509_CRL *
gossl_crl_get_native (GosslCrl *self)
{
  g_return_val_if_fail (GOSSL_IS_CRL (self), NULL);
  return self->crl;
}

GosslCrl *
gossl_crl_new_from_native (X509_CRL *crl)
{
  GosslCrl *self;

  g_return_val_if_fail (crl != NULL, NULL);

  self = g_object_new (GOSSL_TYPE_CRL, NULL);
  X509_CRL_free (self->crl);
  self->crl = crl;
  return self;
}

/**
 * gossl_crl_new:
 *
 * An empty, unsigned list: version 1, no issuer, no entries, no update
 * times.
 *
 * Returns: (transfer full): a new [class@Gossl.Crl]
 *
 * Since: 0.2
 */
GosslCrl *
gossl_crl_new (void)
{
  return g_object_new (GOSSL_TYPE_CRL, NULL);
}

static const GosslAsn1Codec crl_codec = {
  "certificate revocation list", PEM_STRING_X509_CRL,
  CHECKED_D2I_OF (X509_CRL, d2i_X509_CRL), CHECKED_I2D_OF (X509_CRL, i2d_X509_CRL),
  ASN1_ITEM_ref (X509_CRL),
};

/**
 * gossl_crl_new_from_data:
 * @type: the encoding of @data
 * @data: (array length=len) (element-type guint8): the encoded list
 * @len: the length of @data
 * @error: return location for a [struct@GLib.Error]
 *
 * Loads a revocation list (PEM `X509 CRL` block, or DER). Data that does
 * not parse fails with %GOSSL_CRYPTO_ERROR_FAILED; a @type other than PEM
 * or ASN1 with %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: (transfer full): the list, or %NULL with @error set
 *
 * Since: 0.2
 */
GosslCrl *
gossl_crl_new_from_data (GosslFiletype   type,
                         const guint8   *data,
                         gsize           len,
                         GError        **error)
{
  X509_CRL *crl;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  crl = gossl_asn1_load (&crl_codec, type, data, len, error);
  return crl != NULL ? gossl_crl_new_from_native (crl) : NULL;
}

/**
 * gossl_crl_new_from_bytes:
 * @type: the encoding of @bytes
 * @bytes: the encoded list
 * @error: return location for a [struct@GLib.Error]
 *
 * Loads a revocation list, as [ctor@Gossl.Crl.new_from_data] does, from a
 * [struct@GLib.Bytes].
 *
 * Returns: (transfer full): the list, or %NULL with @error set
 *
 * Since: 0.2
 */
GosslCrl *
gossl_crl_new_from_bytes (GosslFiletype   type,
                          GBytes         *bytes,
                          GError        **error)
{
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!gossl_bytes_peek (bytes, &data, &len, error))
    return NULL;
  return gossl_crl_new_from_data (type, data, len, error);
}

/**
 * gossl_crl_to_data:
 * @self: a [class@Gossl.Crl]
 * @type: the encoding wanted
 * @error: return location for a [struct@GLib.Error]
 *
 * Encodes the list. A @type other than PEM or ASN1 fails with
 * %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: (transfer full): the encoded list, or %NULL with @error set
 *
 * Since: 0.2
 */
GByteArray *
gossl_crl_to_data (GosslCrl       *self,
                   GosslFiletype   type,
                   GError        **error)
{
  g_return_val_if_fail (GOSSL_IS_CRL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return gossl_asn1_dump (&crl_codec, type, self->crl, error);
}

/**
 * gossl_crl_to_bytes:
 * @self: a [class@Gossl.Crl]
 * @type: the encoding wanted
 * @error: return location for a [struct@GLib.Error]
 *
 * Encodes the list, as [method@Gossl.Crl.to_data] does, into a
 * [struct@GLib.Bytes].
 *
 * Returns: (transfer full): the encoded list, or %NULL with @error set
 *
 * Since: 0.2
 */
GBytes *
gossl_crl_to_bytes (GosslCrl       *self,
                    GosslFiletype   type,
                    GError        **error)
{
  GByteArray *array;

  g_return_val_if_fail (GOSSL_IS_CRL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  array = gossl_crl_to_data (self, type, error);
  return array != NULL ? g_byte_array_free_to_bytes (array) : NULL;
}

/**
 * gossl_crl_to_text:
 * @self: a [class@Gossl.Crl]
 * @error: return location for a [struct@GLib.Error]
 *
 * The list described for people, as `openssl crl -noout -text` prints it:
 * version, issuer, update times, each revoked serial number with its date
 * and extensions, and the signature.
 *
 * Returns: (transfer full): the text, or %NULL with
 *   %GOSSL_CRYPTO_ERROR_FAILED when OpenSSL cannot print it
 *
 * Since: 0.2
 */
char *
gossl_crl_to_text (GosslCrl  *self,
                   GError   **error)
{
  g_autoptr(BIO) bio = NULL;
  g_autoptr(GByteArray) text = NULL;

  g_return_val_if_fail (GOSSL_IS_CRL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bio = BIO_new (BIO_s_mem ());
  if (bio == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
  ERR_clear_error ();
  if (X509_CRL_print (bio, self->crl) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not print the certificate revocation list");
      return NULL;
    }
  text = gossl_bio_to_byte_array (bio);
  return g_strndup ((const char *) text->data, text->len);
}

/**
 * gossl_crl_get_revoked:
 * @self: a [class@Gossl.Crl]
 *
 * The entries of the list, in order. They are copies: changing them does
 * not change the list.
 *
 * Returns: (transfer container) (element-type GosslRevoked): the entries,
 *   empty when there are none. The array holds the only reference to each:
 *   g_ptr_array_unref() frees it all.
 *
 * Since: 0.2
 */
GPtrArray *
gossl_crl_get_revoked (GosslCrl *self)
{
  STACK_OF (X509_REVOKED) *stack;
  GPtrArray *array;
  int n;

  g_return_val_if_fail (GOSSL_IS_CRL (self), NULL);

  stack = X509_CRL_get_REVOKED (self->crl);
  n = stack != NULL ? sk_X509_REVOKED_num (stack) : 0;
  /* "container", not "full": the array frees its elements itself, and
   * PyGObject would unref them a second time after taking them over. */
  array = g_ptr_array_new_full (n, g_object_unref);
  for (int i = 0; i < n; i++)
    {
      X509_REVOKED *copy = X509_REVOKED_dup (sk_X509_REVOKED_value (stack, i));

      if (copy == NULL)
        g_error ("%s: out of memory", G_STRFUNC);
      g_ptr_array_add (array, gossl_revoked_new_from_native (copy));
    }
  return array;
}

/**
 * gossl_crl_add_revoked:
 * @self: a [class@Gossl.Crl]
 * @revoked: the entry; the list stores a copy
 * @error: return location for a [struct@GLib.Error]
 *
 * Adds an entry at the end of the list. [method@Gossl.Crl.sign] sorts the
 * entries by serial number.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.2
 */
gboolean
gossl_crl_add_revoked (GosslCrl      *self,
                       GosslRevoked  *revoked,
                       GError       **error)
{
  X509_REVOKED *copy;

  g_return_val_if_fail (GOSSL_IS_CRL (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_REVOKED (revoked), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ERR_clear_error ();
  copy = X509_REVOKED_dup (gossl_revoked_get_native (revoked));
  if (copy == NULL || !X509_CRL_add0_revoked (self->crl, copy))
    {
      X509_REVOKED_free (copy);
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not add the entry to the revocation list");
      return FALSE;
    }
  return TRUE;
}

/* Looked up afresh each time: X509_CRL_set_issuer_name() (signing) frees
 * the X509_NAME a view saw before. */
static X509_NAME *
resolve_issuer (GObject *owner)
{
  return X509_CRL_get_issuer (GOSSL_CRL (owner)->crl);
}

/**
 * gossl_crl_get_issuer:
 * @self: a [class@Gossl.Crl]
 *
 * The issuer of the list. The name is a live view, as
 * [method@Gossl.X509.get_issuer]'s is: it follows the list (signing sets
 * the issuer) and keeps @self alive for as long as it lives. Sign the list
 * again after changing the name through it.
 *
 * Returns: (transfer full): a view of the issuer
 *
 * Since: 0.2
 */
GosslX509Name *
gossl_crl_get_issuer (GosslCrl *self)
{
  g_return_val_if_fail (GOSSL_IS_CRL (self), NULL);

  return gossl_x509_name_new_view (G_OBJECT (self), resolve_issuer);
}

/**
 * gossl_crl_get_version:
 * @self: a [class@Gossl.Crl]
 *
 * The version number of the list as encoded: 0 for v1, 1 for v2.
 *
 * Returns: the version number
 *
 * Since: 0.2
 */
glong
gossl_crl_get_version (GosslCrl *self)
{
  g_return_val_if_fail (GOSSL_IS_CRL (self), 0);

  return X509_CRL_get_version (self->crl);
}

/**
 * gossl_crl_set_version:
 * @self: a [class@Gossl.Crl]
 * @version: the version number: 0 (v1) or 1 (v2, which extensions need)
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the version number. Any other number fails with
 * %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT: RFC 5280 defines no other.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.2
 */
gboolean
gossl_crl_set_version (GosslCrl  *self,
                       glong      version,
                       GError   **error)
{
  g_return_val_if_fail (GOSSL_IS_CRL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (version != X509_CRL_VERSION_1 && version != X509_CRL_VERSION_2)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Invalid version %ld: a CRL's version is 0 (v1) or 1 (v2)", version);
      return FALSE;
    }
  ERR_clear_error ();
  if (!X509_CRL_set_version (self->crl, version))
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not set the version");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_crl_get_last_update:
 * @self: a [class@Gossl.Crl]
 *
 * When the list was issued (thisUpdate).
 *
 * Returns: (transfer full) (nullable): the time in UTC, or %NULL when unset
 *
 * Since: 0.2
 */
GDateTime *
gossl_crl_get_last_update (GosslCrl *self)
{
  g_return_val_if_fail (GOSSL_IS_CRL (self), NULL);

  return gossl_asn1_time_to_date_time (X509_CRL_get0_lastUpdate (self->crl));
}

/**
 * gossl_crl_get_next_update:
 * @self: a [class@Gossl.Crl]
 *
 * When the next list is due (nextUpdate).
 *
 * Returns: (transfer full) (nullable): the time in UTC, or %NULL when unset
 *
 * Since: 0.2
 */
GDateTime *
gossl_crl_get_next_update (GosslCrl *self)
{
  g_return_val_if_fail (GOSSL_IS_CRL (self), NULL);

  return gossl_asn1_time_to_date_time (X509_CRL_get0_nextUpdate (self->crl));
}

/* Stores @when (NULL: @error is set already) as the last or next update. */
static gboolean
set_update (GosslCrl   *self,
            gboolean    next,
            ASN1_TIME  *when,
            GError    **error)
{
  if (when == NULL)
    return FALSE;
  if (!(next ? X509_CRL_set1_nextUpdate (self->crl, when)
             : X509_CRL_set1_lastUpdate (self->crl, when)))
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not set the time");
      return FALSE;
    }
  return TRUE;
}

/* @when parsed from `YYYYMMDDhhmmssZ`, or NULL with @error set. */
static ASN1_TIME *
time_from_string (const char  *when,
                  GError     **error)
{
  ASN1_TIME *time = ASN1_TIME_new ();

  if (time == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
  if (!gossl_asn1_time_set_string (time, when, error))
    {
      ASN1_TIME_free (time);
      return NULL;
    }
  return time;
}

/**
 * gossl_crl_set_last_update:
 * @self: a [class@Gossl.Crl]
 * @when: when the list is issued, in any time zone
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets when the list was issued (thisUpdate), in whole seconds in UTC. A
 * time outside years 1 to 9999 once taken to UTC fails with
 * %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.2
 */
gboolean
gossl_crl_set_last_update (GosslCrl   *self,
                           GDateTime  *when,
                           GError    **error)
{
  g_autoptr(ASN1_TIME) time = NULL;

  g_return_val_if_fail (GOSSL_IS_CRL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  time = gossl_asn1_time_from_date_time (when, error);
  return set_update (self, FALSE, time, error);
}

/**
 * gossl_crl_set_next_update:
 * @self: a [class@Gossl.Crl]
 * @when: when the next list is due, in any time zone
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets when the next list is due (nextUpdate), as
 * [method@Gossl.Crl.set_last_update] sets the issue time.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.2
 */
gboolean
gossl_crl_set_next_update (GosslCrl   *self,
                           GDateTime  *when,
                           GError    **error)
{
  g_autoptr(ASN1_TIME) time = NULL;

  g_return_val_if_fail (GOSSL_IS_CRL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  time = gossl_asn1_time_from_date_time (when, error);
  return set_update (self, TRUE, time, error);
}

/**
 * gossl_crl_set_last_update_asn1:
 * @self: a [class@Gossl.Crl]
 * @when: the time as `YYYYMMDDhhmmssZ` (or the UTCTime form `YYMMDDhhmmssZ`)
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets when the list was issued from an ASN.1 time string. A malformed
 * @when fails with %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.2
 */
gboolean
gossl_crl_set_last_update_asn1 (GosslCrl    *self,
                                const char  *when,
                                GError     **error)
{
  g_autoptr(ASN1_TIME) time = NULL;

  g_return_val_if_fail (GOSSL_IS_CRL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  time = time_from_string (when, error);
  return set_update (self, FALSE, time, error);
}

/**
 * gossl_crl_set_next_update_asn1:
 * @self: a [class@Gossl.Crl]
 * @when: the time as `YYYYMMDDhhmmssZ` (or the UTCTime form `YYMMDDhhmmssZ`)
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets when the next list is due from an ASN.1 time string. A malformed
 * @when fails with %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.2
 */
gboolean
gossl_crl_set_next_update_asn1 (GosslCrl    *self,
                                const char  *when,
                                GError     **error)
{
  g_autoptr(ASN1_TIME) time = NULL;

  g_return_val_if_fail (GOSSL_IS_CRL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  time = time_from_string (when, error);
  return set_update (self, TRUE, time, error);
}

/* Sets the issuer to @cert's subject and signs with @key. With @sort, the
 * entries are sorted by serial number first. */
static gboolean
sign_with (GosslCrl     *self,
           GosslX509    *cert,
           GosslPKey    *key,
           const EVP_MD *md,
           gboolean      sort,
           GError      **error)
{
  EVP_PKEY *native = gossl_pkey_get_native (key);

  /* A key OpenSSL cannot sign with is its refusal, as a public-only key
   * is: FAILED, not INVALID_ARGUMENT. */
  if (native == NULL)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                       "Could not sign the revocation list: the key is empty");
      return FALSE;
    }
  ERR_clear_error ();
  if (!X509_CRL_set_issuer_name (self->crl, X509_get_subject_name (gossl_x509_get_native (cert))))
    goto failed;
  if (sort && !X509_CRL_sort (self->crl))
    goto failed;
  if (X509_CRL_sign (self->crl, native, md) <= 0)
    goto failed;
  return TRUE;

failed:
  gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                "Could not sign the revocation list");
  return FALSE;
}

/**
 * gossl_crl_sign:
 * @self: a [class@Gossl.Crl]
 * @issuer_cert: the issuer's certificate: its subject becomes the list's
 *   issuer
 * @issuer_key: the issuer's private key
 * @digest: the digest to sign with: "sha256", "sha512"...
 * @error: return location for a [struct@GLib.Error]
 *
 * Sorts the entries by serial number, sets the issuer and signs the list.
 * An unknown @digest fails with %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT; a key
 * OpenSSL cannot sign with (empty, public only, not matching the digest)
 * with %GOSSL_CRYPTO_ERROR_FAILED.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.2
 */
gboolean
gossl_crl_sign (GosslCrl    *self,
                GosslX509   *issuer_cert,
                GosslPKey   *issuer_key,
                const char  *digest,
                GError     **error)
{
  const EVP_MD *md;

  g_return_val_if_fail (GOSSL_IS_CRL (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_X509 (issuer_cert), FALSE);
  g_return_val_if_fail (GOSSL_IS_PKEY (issuer_key), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  md = gossl_lookup_digest (digest, error);
  if (md == NULL)
    return FALSE;
  return sign_with (self, issuer_cert, issuer_key, md, TRUE, error);
}

/**
 * gossl_crl_export:
 * @self: a [class@Gossl.Crl]
 * @cert: the issuer's certificate: its subject becomes the list's issuer
 * @key: the issuer's private key
 * @type: the encoding wanted
 * @days: how many days from now the next list is due
 * @digest: the digest to sign with: "sha256", "sha512"...
 * @error: return location for a [struct@GLib.Error]
 *
 * Issues the list now and encodes it: sets the last update to now and the
 * next update to @days days from now, sets the issuer, signs the list
 * (keeping the entries in the order they were added) and returns it encoded
 * as @type. A @type other than PEM or ASN1, or an unknown @digest, fails
 * with %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT before anything changes; a key
 * OpenSSL cannot sign with with %GOSSL_CRYPTO_ERROR_FAILED.
 *
 * Returns: (transfer full): the signed list encoded, or %NULL with @error
 *   set
 *
 * Since: 0.2
 */
GBytes *
gossl_crl_export (GosslCrl       *self,
                  GosslX509      *cert,
                  GosslPKey      *key,
                  GosslFiletype   type,
                  gint            days,
                  const char     *digest,
                  GError        **error)
{
  g_autoptr(ASN1_TIME) when = NULL;
  const EVP_MD *md;

  g_return_val_if_fail (GOSSL_IS_CRL (self), NULL);
  g_return_val_if_fail (GOSSL_IS_X509 (cert), NULL);
  g_return_val_if_fail (GOSSL_IS_PKEY (key), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!gossl_check_filetype (type, error))
    return NULL;
  md = gossl_lookup_digest (digest, error);
  if (md == NULL)
    return NULL;

  ERR_clear_error ();
  when = X509_gmtime_adj (NULL, 0);
  if (when == NULL || !X509_CRL_set1_lastUpdate (self->crl, when))
    goto failed;
  if (X509_gmtime_adj (when, (long) days * 24 * 60 * 60) == NULL)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Invalid number of days: %d days from now is outside the years 1900 to 9999",
                       days);
      return NULL;
    }
  if (!X509_CRL_set1_nextUpdate (self->crl, when))
    goto failed;
  if (!sign_with (self, cert, key, md, FALSE, error))
    return NULL;
  return gossl_crl_to_bytes (self, type, error);

failed:
  gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                "Could not set the update times");
  return NULL;
}

/* gossl-revoked.c: one entry of a certificate revocation list (X509_REVOKED)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-private.h"

/**
 * GosslRevoked:
 *
 * One revoked certificate: its serial number, when it was revoked and
 * (optionally) why. Entries are values: [method@Gossl.Crl.add_revoked]
 * stores a copy and [method@Gossl.Crl.get_revoked] returns copies, so
 * changing an entry never changes a list.
 *
 * Since: 0.2
 */
struct _GosslRevoked
{
  GObject parent_instance;

  X509_REVOKED *revoked; /* never NULL */
};

G_DEFINE_FINAL_TYPE (GosslRevoked, gossl_revoked, G_TYPE_OBJECT)

/* The reasonCode names of RFC 5280 as OpenSSL's configuration spells them
 * (x509v3_config(5)), in code order; code 7 is unused. */
static const struct {
  int         code;
  const char *name;
} reasons[] = {
  { CRL_REASON_UNSPECIFIED, "unspecified" },
  { CRL_REASON_KEY_COMPROMISE, "keyCompromise" },
  { CRL_REASON_CA_COMPROMISE, "CACompromise" },
  { CRL_REASON_AFFILIATION_CHANGED, "affiliationChanged" },
  { CRL_REASON_SUPERSEDED, "superseded" },
  { CRL_REASON_CESSATION_OF_OPERATION, "cessationOfOperation" },
  { CRL_REASON_CERTIFICATE_HOLD, "certificateHold" },
  { CRL_REASON_REMOVE_FROM_CRL, "removeFromCRL" },
  { CRL_REASON_PRIVILEGE_WITHDRAWN, "privilegeWithdrawn" },
  { CRL_REASON_AA_COMPROMISE, "AACompromise" },
};

static void
gossl_revoked_finalize (GObject *object)
{
  GosslRevoked *self = GOSSL_REVOKED (object);

  X509_REVOKED_free (self->revoked);
  G_OBJECT_CLASS (gossl_revoked_parent_class)->finalize (object);
}

static void
gossl_revoked_class_init (GosslRevokedClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gossl_revoked_finalize;
  gossl_ensure_initialized ();
}

static void
gossl_revoked_init (GosslRevoked *self)
{
  /* Never empty: g_object_new() (a binding's Gossl.Revoked()) gives a usable
   * object; the native constructors replace this one. */
  self->revoked = X509_REVOKED_new ();
  if (self->revoked == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
}

X509_REVOKED *
gossl_revoked_get_native (GosslRevoked *self)
{
  g_return_val_if_fail (GOSSL_IS_REVOKED (self), NULL);
  return self->revoked;
}

GosslRevoked *
gossl_revoked_new_from_native (X509_REVOKED *revoked)
{
  GosslRevoked *self;

  g_return_val_if_fail (revoked != NULL, NULL);

  self = g_object_new (GOSSL_TYPE_REVOKED, NULL);
  X509_REVOKED_free (self->revoked);
  self->revoked = revoked;
  return self;
}

/**
 * gossl_revoked_new:
 *
 * An empty entry: serial number 0, no revocation date, no reason.
 *
 * Returns: (transfer full): a new [class@Gossl.Revoked]
 *
 * Since: 0.2
 */
GosslRevoked *
gossl_revoked_new (void)
{
  return g_object_new (GOSSL_TYPE_REVOKED, NULL);
}

/**
 * gossl_revoked_copy:
 * @self: a [class@Gossl.Revoked]
 *
 * An independent copy of the entry.
 *
 * Returns: (transfer full): the copy
 *
 * Since: 0.2
 */
GosslRevoked *
gossl_revoked_copy (GosslRevoked *self)
{
  GosslRevoked *copy;

  g_return_val_if_fail (GOSSL_IS_REVOKED (self), NULL);

  /* Field by field: X509_REVOKED_dup() goes through DER, which an entry
   * without a revocation date (a new one) cannot be written to. */
  copy = gossl_revoked_new ();
  if (!X509_REVOKED_set_serialNumber (copy->revoked,
                                      (ASN1_INTEGER *) X509_REVOKED_get0_serialNumber (self->revoked)) ||
      !X509_REVOKED_set_revocationDate (copy->revoked,
                                        (ASN1_TIME *) X509_REVOKED_get0_revocationDate (self->revoked)))
    g_error ("%s: out of memory", G_STRFUNC);
  for (int i = 0; i < X509_REVOKED_get_ext_count (self->revoked); i++)
    if (!X509_REVOKED_add_ext (copy->revoked, X509_REVOKED_get_ext (self->revoked, i), -1))
      g_error ("%s: out of memory", G_STRFUNC);
  return copy;
}

/**
 * gossl_revoked_get_serial_number:
 * @self: a [class@Gossl.Revoked]
 *
 * The serial number of the revoked certificate, in upper-case hexadecimal
 * with two digits per byte ("00", "03AB"), "-" first when negative.
 *
 * Returns: (transfer full): the serial number in hexadecimal
 *
 * Since: 0.2
 */
char *
gossl_revoked_get_serial_number (GosslRevoked *self)
{
  char *hex;

  g_return_val_if_fail (GOSSL_IS_REVOKED (self), NULL);

  hex = gossl_asn1_integer_to_hex (X509_REVOKED_get0_serialNumber (self->revoked));
  /* A whole byte for zero as for every other number. */
  if (strcmp (hex, "0") == 0)
    {
      g_free (hex);
      return g_strdup ("00");
    }
  return hex;
}

/**
 * gossl_revoked_set_serial_number:
 * @self: a [class@Gossl.Revoked]
 * @hex: the serial number in hexadecimal, of any size, "-" first when
 *   negative ("3ab", "03AB")
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the serial number of the revoked certificate. Anything but
 * hexadecimal digits fails with %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT, as
 * [method@Gossl.X509.set_serial_number] does.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.2
 */
gboolean
gossl_revoked_set_serial_number (GosslRevoked  *self,
                                 const char    *hex,
                                 GError       **error)
{
  g_autoptr(ASN1_INTEGER) serial = NULL;

  g_return_val_if_fail (GOSSL_IS_REVOKED (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  serial = gossl_asn1_integer_from_hex (hex, error);
  if (serial == NULL)
    return FALSE;
  if (!X509_REVOKED_set_serialNumber (self->revoked, serial))
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not set the serial number");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_revoked_get_reason:
 * @self: a [class@Gossl.Revoked]
 *
 * Why the certificate was revoked, as OpenSSL prints the reasonCode
 * extension: "Key Compromise", "Superseded"... (the number for a code
 * OpenSSL has no name for).
 *
 * Returns: (transfer full) (nullable): the reason, or %NULL when the entry
 *   has none
 *
 * Since: 0.2
 */
char *
gossl_revoked_get_reason (GosslRevoked *self)
{
  g_autoptr(BIO) bio = NULL;
  g_autoptr(GByteArray) text = NULL;
  X509_EXTENSION *ext;
  int index;

  g_return_val_if_fail (GOSSL_IS_REVOKED (self), NULL);

  index = X509_REVOKED_get_ext_by_NID (self->revoked, NID_crl_reason, -1);
  if (index < 0)
    return NULL;
  ext = X509_REVOKED_get_ext (self->revoked, index);

  bio = BIO_new (BIO_s_mem ());
  if (bio == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
  ERR_set_mark ();
  /* An extension that does not decode is shown raw, as OpenSSL's own
   * printer falls back to. */
  if (!X509V3_EXT_print (bio, ext, 0, 0))
    ASN1_STRING_print (bio, X509_EXTENSION_get_data (ext));
  ERR_pop_to_mark ();
  text = gossl_bio_to_byte_array (bio);
  return g_strndup ((const char *) text->data, text->len);
}

/* @name without spaces and case: "Key Compromise" is keyCompromise. */
static gboolean
reason_matches (const char *name,
                const char *given)
{
  for (;;)
    {
      while (*given == ' ')
        given++;
      if (*name == '\0' || *given == '\0')
        return *name == *given;
      if (g_ascii_tolower (*name) != g_ascii_tolower (*given))
        return FALSE;
      name++;
      given++;
    }
}

/**
 * gossl_revoked_set_reason:
 * @self: a [class@Gossl.Revoked]
 * @reason: (nullable): a reason of [func@Gossl.Revoked.get_all_reasons],
 *   in any case and with or without spaces ("keyCompromise",
 *   "Key Compromise"), or %NULL to remove the reason
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets (or, with %NULL, removes) the reasonCode extension of the entry. An
 * unknown reason fails with %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT and
 * changes nothing.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.2
 */
gboolean
gossl_revoked_set_reason (GosslRevoked  *self,
                          const char    *reason,
                          GError       **error)
{
  g_autoptr(ASN1_ENUMERATED) code = NULL;
  int index;
  guint i;

  g_return_val_if_fail (GOSSL_IS_REVOKED (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (reason == NULL)
    {
      while ((index = X509_REVOKED_get_ext_by_NID (self->revoked, NID_crl_reason, -1)) >= 0)
        X509_EXTENSION_free (X509_REVOKED_delete_ext (self->revoked, index));
      return TRUE;
    }

  for (i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (reason_matches (reasons[i].name, reason))
      break;
  if (i == G_N_ELEMENTS (reasons))
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Unknown revocation reason: %s", reason);
      return FALSE;
    }

  ERR_clear_error ();
  code = ASN1_ENUMERATED_new ();
  if (code == NULL || !ASN1_ENUMERATED_set (code, reasons[i].code) ||
      X509_REVOKED_add1_ext_i2d (self->revoked, NID_crl_reason, code, 0, X509V3_ADD_REPLACE) != 1)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not set the revocation reason");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_revoked_get_all_reasons:
 *
 * The reasons [method@Gossl.Revoked.set_reason] takes, in the order of
 * their codes: "unspecified" (0), "keyCompromise", "CACompromise",
 * "affiliationChanged", "superseded", "cessationOfOperation",
 * "certificateHold" (6), "removeFromCRL" (8), "privilegeWithdrawn",
 * "AACompromise" (10).
 *
 * Returns: (transfer full) (array zero-terminated=1): the reason names
 *
 * Since: 0.2
 */
char **
gossl_revoked_get_all_reasons (void)
{
  char **names = g_new0 (char *, G_N_ELEMENTS (reasons) + 1);

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    names[i] = g_strdup (reasons[i].name);
  return names;
}

/**
 * gossl_revoked_get_revocation_date:
 * @self: a [class@Gossl.Revoked]
 *
 * When the certificate was revoked.
 *
 * Returns: (transfer full) (nullable): the time in UTC, or %NULL when it is
 *   unset (a new entry)
 *
 * Since: 0.2
 */
GDateTime *
gossl_revoked_get_revocation_date (GosslRevoked *self)
{
  g_return_val_if_fail (GOSSL_IS_REVOKED (self), NULL);

  return gossl_asn1_time_to_date_time (X509_REVOKED_get0_revocationDate (self->revoked));
}

static gboolean
set_date (GosslRevoked  *self,
          ASN1_TIME     *when,
          GError       **error)
{
  if (!X509_REVOKED_set_revocationDate (self->revoked, when))
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not set the revocation date");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_revoked_set_revocation_date:
 * @self: a [class@Gossl.Revoked]
 * @when: when the certificate was revoked, in any time zone
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the revocation date, in whole seconds in UTC. A time outside years 1
 * to 9999 once taken to UTC fails with %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.2
 */
gboolean
gossl_revoked_set_revocation_date (GosslRevoked  *self,
                                   GDateTime     *when,
                                   GError       **error)
{
  g_autoptr(ASN1_TIME) time = NULL;

  g_return_val_if_fail (GOSSL_IS_REVOKED (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  time = gossl_asn1_time_from_date_time (when, error);
  return time != NULL && set_date (self, time, error);
}

/**
 * gossl_revoked_get_revocation_date_asn1:
 * @self: a [class@Gossl.Revoked]
 *
 * The revocation date as an ASN.1 GeneralizedTime, `YYYYMMDDhhmmssZ`;
 * [method@Gossl.Revoked.get_revocation_date] gives it as a
 * [struct@GLib.DateTime].
 *
 * Returns: (transfer full) (nullable): the time, or %NULL when unset
 *
 * Since: 0.2
 */
char *
gossl_revoked_get_revocation_date_asn1 (GosslRevoked *self)
{
  g_return_val_if_fail (GOSSL_IS_REVOKED (self), NULL);

  return gossl_asn1_time_to_string (X509_REVOKED_get0_revocationDate (self->revoked));
}

/**
 * gossl_revoked_set_revocation_date_asn1:
 * @self: a [class@Gossl.Revoked]
 * @when: the time as `YYYYMMDDhhmmssZ` (or the UTCTime form `YYMMDDhhmmssZ`)
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the revocation date. A malformed @when fails with
 * %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.2
 */
gboolean
gossl_revoked_set_revocation_date_asn1 (GosslRevoked  *self,
                                        const char    *when,
                                        GError       **error)
{
  g_autoptr(ASN1_TIME) time = NULL;

  g_return_val_if_fail (GOSSL_IS_REVOKED (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  time = ASN1_TIME_new ();
  if (time == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
  return gossl_asn1_time_set_string (time, when, error) && set_date (self, time, error);
}

/* gossl-pkcs7.c: a PKCS#7 structure (PKCS7)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-private.h"

/**
 * GosslPKCS7:
 *
 * A PKCS#7 ContentInfo as loaded from a file: it can only tell which kind of
 * content it holds. Make one with [ctor@Gossl.PKCS7.new_from_data].
 *
 * Since: 0.1
 */
struct _GosslPKCS7
{
  GObject parent_instance;

  PKCS7 *p7; /* never NULL once constructed through the public API */
};

G_DEFINE_FINAL_TYPE (GosslPKCS7, gossl_pkcs7, G_TYPE_OBJECT)

static void
gossl_pkcs7_finalize (GObject *object)
{
  GosslPKCS7 *self = GOSSL_PKCS7 (object);

  PKCS7_free (self->p7);
  G_OBJECT_CLASS (gossl_pkcs7_parent_class)->finalize (object);
}

static void
gossl_pkcs7_class_init (GosslPKCS7Class *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gossl_pkcs7_finalize;
  gossl_ensure_initialized ();
}

static void
gossl_pkcs7_init (GosslPKCS7 *self)
{
}

PKCS7 *
gossl_pkcs7_get_native (GosslPKCS7 *self)
{
  g_return_val_if_fail (GOSSL_IS_PKCS7 (self), NULL);
  return self->p7;
}

static const GosslAsn1Codec pkcs7_codec = {
  "PKCS#7 data", PEM_STRING_PKCS7,
  CHECKED_D2I_OF (PKCS7, d2i_PKCS7), CHECKED_I2D_OF (PKCS7, i2d_PKCS7), ASN1_ITEM_ref (PKCS7),
};

/**
 * gossl_pkcs7_new_from_data:
 * @type: the encoding of @data
 * @data: (array length=len) (element-type guint8): the encoded PKCS#7
 *   structure
 * @len: the length of @data
 * @error: return location for a [struct@GLib.Error]
 *
 * Loads a PKCS#7 structure. PEM data is the `-----BEGIN PKCS7-----` block
 * that `openssl crl2pkcs7` and `openssl smime -outform PEM` write. Data that
 * does not parse fails with %GOSSL_CRYPTO_ERROR_FAILED; a @type other than
 * PEM or ASN1 with %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: (transfer full): the structure, or %NULL with @error set
 *
 * Since: 0.1
 */
GosslPKCS7 *
gossl_pkcs7_new_from_data (GosslFiletype  type,
                           const guint8  *data,
                           gsize          len,
                           GError       **error)
{
  GosslPKCS7 *self;
  PKCS7 *p7;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  p7 = gossl_asn1_load (&pkcs7_codec, type, data, len, error);
  if (p7 == NULL)
    return NULL;
  self = g_object_new (GOSSL_TYPE_PKCS7, NULL);
  self->p7 = p7;
  return self;
}

/**
 * gossl_pkcs7_new_from_bytes:
 * @type: the encoding of @bytes
 * @bytes: the encoded PKCS#7 structure
 * @error: return location for a [struct@GLib.Error]
 *
 * Loads a PKCS#7 structure, as [ctor@Gossl.PKCS7.new_from_data] does,
 * from a [struct@GLib.Bytes].
 *
 * Returns: (transfer full): the structure, or %NULL with @error set
 *
 * Since: 0.2
 */
GosslPKCS7 *
gossl_pkcs7_new_from_bytes (GosslFiletype   type,
                            GBytes         *bytes,
                            GError        **error)
{
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!gossl_bytes_peek (bytes, &data, &len, error))
    return NULL;
  return gossl_pkcs7_new_from_data (type, data, len, error);
}

static int
pkcs7_nid (GosslPKCS7 *self)
{
  return self->p7 != NULL && self->p7->type != NULL ? OBJ_obj2nid (self->p7->type)
                                                    : NID_undef;
}

/**
 * gossl_pkcs7_type_is_signed:
 * @self: a [class@Gossl.PKCS7]
 *
 * Whether @self is signedData. A `.p7b` certificate bundle is signedData
 * with no signers.
 *
 * Returns: %TRUE for signedData
 *
 * Since: 0.1
 */
gboolean
gossl_pkcs7_type_is_signed (GosslPKCS7 *self)
{
  g_return_val_if_fail (GOSSL_IS_PKCS7 (self), FALSE);

  return pkcs7_nid (self) == NID_pkcs7_signed;
}

/**
 * gossl_pkcs7_type_is_enveloped:
 * @self: a [class@Gossl.PKCS7]
 *
 * Whether @self is envelopedData (content encrypted for its recipients).
 *
 * Returns: %TRUE for envelopedData
 *
 * Since: 0.1
 */
gboolean
gossl_pkcs7_type_is_enveloped (GosslPKCS7 *self)
{
  g_return_val_if_fail (GOSSL_IS_PKCS7 (self), FALSE);

  return pkcs7_nid (self) == NID_pkcs7_enveloped;
}

/**
 * gossl_pkcs7_type_is_signed_and_enveloped:
 * @self: a [class@Gossl.PKCS7]
 *
 * Whether @self is signedAndEnvelopedData.
 *
 * Returns: %TRUE for signedAndEnvelopedData
 *
 * Since: 0.1
 */
gboolean
gossl_pkcs7_type_is_signed_and_enveloped (GosslPKCS7 *self)
{
  g_return_val_if_fail (GOSSL_IS_PKCS7 (self), FALSE);

  return pkcs7_nid (self) == NID_pkcs7_signedAndEnveloped;
}

/**
 * gossl_pkcs7_type_is_data:
 * @self: a [class@Gossl.PKCS7]
 *
 * Whether @self is plain data.
 *
 * Returns: %TRUE for data
 *
 * Since: 0.1
 */
gboolean
gossl_pkcs7_type_is_data (GosslPKCS7 *self)
{
  g_return_val_if_fail (GOSSL_IS_PKCS7 (self), FALSE);

  return pkcs7_nid (self) == NID_pkcs7_data;
}

/**
 * gossl_pkcs7_get_type_name:
 * @self: a [class@Gossl.PKCS7]
 *
 * OpenSSL's short name of the content type: "pkcs7-signedData",
 * "pkcs7-envelopedData", "pkcs7-signedAndEnvelopedData", "pkcs7-data",
 * "pkcs7-digestData" or "pkcs7-encryptedData". A content type OpenSSL has no
 * name for is "UNDEF", as [method@Gossl.X509Extension.get_short_name] names an
 * unknown extension.
 *
 * Returns: (transfer none): the type name
 *
 * Since: 0.1
 */
const char *
gossl_pkcs7_get_type_name (GosslPKCS7 *self)
{
  const char *sn;

  g_return_val_if_fail (GOSSL_IS_PKCS7 (self), NULL);

  sn = OBJ_nid2sn (pkcs7_nid (self));
  return sn != NULL ? sn : "UNDEF";
}

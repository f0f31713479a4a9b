/* gossl-x509-extension.c: a certificate extension (X509_EXTENSION)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-private.h"

#include <string.h>

/**
 * GosslX509Extension:
 *
 * An X.509 v3 extension (basicConstraints, subjectAltName, keyUsage...).
 * Made from OpenSSL's configuration syntax with [ctor@Gossl.X509Extension.new],
 * or copied out of a certificate with [method@Gossl.X509.get_extension]; it owns
 * its data.
 *
 * Since: 0.1
 */
struct _GosslX509Extension
{
  GObject parent_instance;

  X509_EXTENSION *ext;
};

G_DEFINE_FINAL_TYPE (GosslX509Extension, gossl_x509_extension, G_TYPE_OBJECT)

static void
gossl_x509_extension_finalize (GObject *object)
{
  GosslX509Extension *self = GOSSL_X509_EXTENSION (object);

  X509_EXTENSION_free (self->ext);
  G_OBJECT_CLASS (gossl_x509_extension_parent_class)->finalize (object);
}

static void
gossl_x509_extension_class_init (GosslX509ExtensionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gossl_x509_extension_finalize;
  gossl_ensure_initialized ();
}

static void
gossl_x509_extension_init (GosslX509Extension *self)
{
  /* Never empty: g_object_new() (a binding's Gossl.X509Extension()) gives a usable
   * object; the native constructors replace this one. */
  self->ext = X509_EXTENSION_new ();
  if (self->ext == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
}

X509_EXTENSION *
gossl_x509_extension_get_native (GosslX509Extension *self)
{
  g_return_val_if_fail (GOSSL_IS_X509_EXTENSION (self), NULL);
  return self->ext;
}

X509_EXTENSION *
gossl_x509_extension_get_content (GosslX509Extension  *self,
                                  GError             **error)
{
  g_return_val_if_fail (GOSSL_IS_X509_EXTENSION (self), NULL);

  /* One made with g_object_new() has no type: OpenSSL cannot encode it,
   * and said so as "illegal zero content: malloc failure". */
  if (OBJ_length (X509_EXTENSION_get_object (self->ext)) == 0)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "The extension is empty (no type, no value): make it with "
                       "gossl_x509_extension_new()");
      return NULL;
    }
  return self->ext;
}

GosslX509Extension *
gossl_x509_extension_new_from_native (X509_EXTENSION *ext)
{
  GosslX509Extension *self;

  g_return_val_if_fail (ext != NULL, NULL);

  self = g_object_new (GOSSL_TYPE_X509_EXTENSION, NULL);
  X509_EXTENSION_free (self->ext);
  self->ext = ext;
  return self;
}

/**
 * gossl_x509_extension_new:
 * @type_name: the extension's name, as OpenSSL's configuration files spell
 *   it: "basicConstraints", "subjectAltName", "keyUsage",
 *   "subjectKeyIdentifier"...
 * @critical: whether a verifier that does not understand the extension must
 *   reject the certificate
 * @value: the value in OpenSSL's configuration syntax: "CA:TRUE",
 *   "DNS:example.com", "hash"...
 * @subject: (nullable): the certificate the extension is for, needed by
 *   "subjectKeyIdentifier = hash"
 * @issuer: (nullable): the issuing certificate, needed by
 *   "authorityKeyIdentifier"
 * @error: return location for a [struct@GLib.Error]
 *
 * Makes an extension. An unknown @type_name or a @value OpenSSL cannot parse
 * fails with %GOSSL_CRYPTO_ERROR_FAILED.
 *
 * @type_name and @value are C strings, which end at their first NUL: a
 * binding's string holding one arrives cut short
 * (`DNS:good.example\0.evil.example` as `DNS:good.example`), so refuse such
 * values before calling.
 *
 * Returns: (transfer full): the extension, or %NULL with @error set
 *
 * Since: 0.1
 */
GosslX509Extension *
gossl_x509_extension_new (const char  *type_name,
                          gboolean     critical,
                          const char  *value,
                          GosslX509   *subject,
                          GosslX509   *issuer,
                          GError     **error)
{
  X509V3_CTX ctx;
  X509_EXTENSION *ext;
  g_autofree char *full_value = NULL;

  g_return_val_if_fail (type_name != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (subject == NULL || GOSSL_IS_X509 (subject), NULL);
  g_return_val_if_fail (issuer == NULL || GOSSL_IS_X509 (issuer), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  gossl_ensure_initialized ();
  /* No configuration database: values that point at a section ("@sect")
   * fail instead of reading one. */
  X509V3_set_ctx (&ctx,
                  issuer != NULL ? gossl_x509_get_native (issuer) : NULL,
                  subject != NULL ? gossl_x509_get_native (subject) : NULL,
                  NULL, NULL, 0);
  X509V3_set_ctx_nodb (&ctx);

  full_value = critical ? g_strconcat ("critical,", value, NULL) : g_strdup (value);

  ERR_clear_error ();
  ext = X509V3_EXT_nconf (NULL, &ctx, type_name, full_value);
  if (ext == NULL)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not make the %s extension", type_name);
      return NULL;
    }
  return gossl_x509_extension_new_from_native (ext);
}

/**
 * gossl_x509_extension_get_critical:
 * @self: a [class@Gossl.X509Extension]
 *
 * Whether the extension is marked critical.
 *
 * Returns: %TRUE when critical
 *
 * Since: 0.1
 */
gboolean
gossl_x509_extension_get_critical (GosslX509Extension *self)
{
  g_return_val_if_fail (GOSSL_IS_X509_EXTENSION (self), FALSE);

  return X509_EXTENSION_get_critical (self->ext) > 0;
}

/**
 * gossl_x509_extension_get_short_name:
 * @self: a [class@Gossl.X509Extension]
 *
 * OpenSSL's short name of the extension's type: "basicConstraints",
 * "subjectAltName"... An extension OpenSSL does not know is "UNDEF".
 *
 * Returns: (transfer none): the short name
 *
 * Since: 0.1
 */
const char *
gossl_x509_extension_get_short_name (GosslX509Extension *self)
{
  const char *sn;

  g_return_val_if_fail (GOSSL_IS_X509_EXTENSION (self), NULL);

  sn = OBJ_nid2sn (OBJ_obj2nid (X509_EXTENSION_get_object (self->ext)));
  return sn != NULL ? sn : "UNDEF";
}

/**
 * gossl_x509_extension_get_data:
 * @self: a [class@Gossl.X509Extension]
 *
 * The extension's value as it is encoded in the certificate (the DER inside
 * its OCTET STRING).
 *
 * Returns: (transfer full): the encoded value
 *
 * Since: 0.1
 */
GByteArray *
gossl_x509_extension_get_data (GosslX509Extension *self)
{
  ASN1_OCTET_STRING *data;
  GByteArray *array;

  g_return_val_if_fail (GOSSL_IS_X509_EXTENSION (self), NULL);

  data = X509_EXTENSION_get_data (self->ext);
  array = g_byte_array_new ();
  if (data != NULL && ASN1_STRING_length (data) > 0)
    g_byte_array_append (array, ASN1_STRING_get0_data (data),
                         (guint) ASN1_STRING_length (data));
  return array;
}

/* @prefix and @text, with the bytes no IA5String name should hold (and the
 * backslash, so the form reads one way) escaped as \xHH; unless @raw, for
 * a caller that takes bytes. */
static void
print_escaped_ia5 (BIO *bio, const char *prefix, const ASN1_STRING *text, gboolean raw)
{
  const unsigned char *bytes = ASN1_STRING_get0_data (text);
  int len = ASN1_STRING_length (text);

  BIO_puts (bio, prefix);
  if (raw)
    {
      BIO_write (bio, bytes, len);
      return;
    }
  for (int i = 0; i < len; i++)
    {
      if (bytes[i] < 0x20 || bytes[i] >= 0x7f || bytes[i] == '\\')
        BIO_printf (bio, "\\x%02x", bytes[i]);
      else
        BIO_write (bio, bytes + i, 1);
    }
}

/* X509V3_EXT_print() refuses a subjectAltName or issuerAltName with a NUL
 * inside a name (it would read as a shorter name), which left the caller a
 * dump of the DER. Prints the names as OpenSSL does otherwise, with the
 * NUL escaped: "DNS:good.example\x00.evil.example". */
static gboolean
print_general_names (BIO *bio, X509_EXTENSION *ext, gboolean raw)
{
  int nid = OBJ_obj2nid (X509_EXTENSION_get_object (ext));
  GENERAL_NAMES *names;

  if (nid != NID_subject_alt_name && nid != NID_issuer_alt_name)
    return FALSE;
  names = X509V3_EXT_d2i (ext);
  if (names == NULL)
    return FALSE;
  for (int i = 0; i < sk_GENERAL_NAME_num (names); i++)
    {
      GENERAL_NAME *name = sk_GENERAL_NAME_value (names, i);

      if (i > 0)
        BIO_puts (bio, ", ");
      switch (name->type)
        {
        case GEN_DNS:
          print_escaped_ia5 (bio, "DNS:", name->d.dNSName, raw);
          break;
        case GEN_EMAIL:
          print_escaped_ia5 (bio, "email:", name->d.rfc822Name, raw);
          break;
        case GEN_URI:
          print_escaped_ia5 (bio, "URI:", name->d.uniformResourceIdentifier, raw);
          break;
        default:
          GENERAL_NAME_print (bio, name);
          break;
        }
    }
  GENERAL_NAMES_free (names);
  return TRUE;
}

/* The Netscape extensions that hold one IA5String. X509V3_EXT_print()
 * prints it as a C string, so a NUL cut it short: "a\0b" printed "a". */
static gboolean
print_ia5_with_nul (BIO *bio, X509_EXTENSION *ext, gboolean raw)
{
  static const int nids[] = {
    NID_netscape_comment, NID_netscape_base_url, NID_netscape_revocation_url,
    NID_netscape_ca_revocation_url, NID_netscape_renewal_url, NID_netscape_ca_policy_url,
    NID_netscape_ssl_server_name,
  };
  int nid = OBJ_obj2nid (X509_EXTENSION_get_object (ext));
  ASN1_IA5STRING *text = NULL;
  gboolean printed = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (nids) && text == NULL; i++)
    if (nid == nids[i])
      text = X509V3_EXT_d2i (ext);
  if (text != NULL && ASN1_STRING_length (text) > 0 &&
      memchr (ASN1_STRING_get0_data (text), '\0', ASN1_STRING_length (text)) != NULL)
    {
      print_escaped_ia5 (bio, "", text, raw);
      printed = TRUE;
    }
  ASN1_IA5STRING_free (text);
  return printed;
}

static GByteArray *
print_value (X509_EXTENSION *ext, gboolean raw)
{
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());

  if (bio == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
  ERR_set_mark ();
  if (!print_ia5_with_nul (bio, ext, raw) && X509V3_EXT_print (bio, ext, 0, 0) <= 0)
    {
      BIO_reset (bio);
      if (!print_general_names (bio, ext, raw))
        {
          BIO_reset (bio);
          ASN1_STRING_print (bio, X509_EXTENSION_get_data (ext));
        }
    }
  ERR_pop_to_mark ();
  return gossl_bio_to_byte_array (bio);
}

/**
 * gossl_x509_extension_to_string:
 * @self: a [class@Gossl.X509Extension]
 *
 * The value in readable form, as `openssl x509 -text` prints it: "CA:TRUE",
 * "DNS:example.com"... A NUL byte inside a subjectAltName or issuerAltName
 * name, which OpenSSL refuses to print, is escaped
 * (`DNS:good.example\x00.evil.example`), as are other control bytes there;
 * so is one inside an nsComment or another Netscape string extension, which
 * OpenSSL would print cut at the NUL. An extension OpenSSL cannot print is
 * dumped as its raw bytes.
 *
 * Returns: (transfer full): the text
 *
 * Since: 0.1
 */
char *
gossl_x509_extension_to_string (GosslX509Extension *self)
{
  g_autoptr(GByteArray) bytes = NULL;

  g_return_val_if_fail (GOSSL_IS_X509_EXTENSION (self), NULL);

  bytes = print_value (self->ext, FALSE);
  /* An empty value prints nothing, and an empty array has no data. */
  if (bytes->len == 0)
    return g_strdup ("");
  return g_utf8_make_valid ((const char *) bytes->data, bytes->len);
}

/**
 * gossl_x509_extension_to_bytes:
 * @self: a [class@Gossl.X509Extension]
 *
 * The value in readable form, as [method@Gossl.X509Extension.to_string]
 * gives it, but as bytes: the names of a subjectAltName or issuerAltName,
 * and the string of an nsComment or another Netscape string extension, are
 * written as the certificate holds them, NUL bytes and all
 * (`DNS:good.example` NUL `.evil.example`), where
 * [method@Gossl.X509Extension.to_string] escapes them.
 *
 * Returns: (transfer full): the text
 *
 * Since: 0.2
 */
GBytes *
gossl_x509_extension_to_bytes (GosslX509Extension *self)
{
  g_return_val_if_fail (GOSSL_IS_X509_EXTENSION (self), NULL);

  return g_byte_array_free_to_bytes (print_value (self->ext, TRUE));
}

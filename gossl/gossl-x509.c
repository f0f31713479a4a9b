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
 * An X.509 certificate: load one with [ctor@Gossl.X509.new_from_data], or build
 * one with [ctor@Gossl.X509.new], the setters and [method@Gossl.X509.sign].
 *
 * Its read-only properties have the names and types of
 * [class@Gio.TlsCertificate]'s: [property@Gossl.X509:subject-name],
 * [property@Gossl.X509:not-valid-after], [property@Gossl.X509:dns-names]
 * and the others are read from the certificate on each access, and the
 * setters emit [signal@GObject.Object::notify] for what they change.
 * [method@Gossl.X509.to_tls_certificate] and
 * [ctor@Gossl.X509.new_from_tls_certificate] convert to and from GIO's
 * certificates.
 *
 * Since: 0.1
 */
struct _GosslX509
{
  GObject parent_instance;

  X509 *x509;
};

G_DEFINE_FINAL_TYPE (GosslX509, gossl_x509, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SUBJECT_NAME,
  PROP_ISSUER_NAME,
  PROP_NOT_VALID_BEFORE,
  PROP_NOT_VALID_AFTER,
  PROP_DNS_NAMES,
  PROP_IP_ADDRESSES,
  PROP_SERIAL_NUMBER,
  PROP_CERTIFICATE,
  PROP_CERTIFICATE_PEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A change to any field changes the encoding too. */
static void
notify_changed (GosslX509 *self,
                guint      prop_id)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);
  if (prop_id != PROP_0)
    g_object_notify_by_pspec (object, properties[prop_id]);
  g_object_notify_by_pspec (object, properties[PROP_CERTIFICATE]);
  g_object_notify_by_pspec (object, properties[PROP_CERTIFICATE_PEM]);
  g_object_thaw_notify (object);
}

static X509_NAME *resolve_subject (GObject *owner);
static X509_NAME *resolve_issuer (GObject *owner);

void
gossl_x509_name_view_changed (GObject              *owner,
                              GosslX509NameResolve  resolve)
{
  if (!GOSSL_IS_X509 (owner))
    return;
  notify_changed (GOSSL_X509 (owner),
                  resolve == resolve_subject ? PROP_SUBJECT_NAME
                  : resolve == resolve_issuer ? PROP_ISSUER_NAME : PROP_0);
}

static void
gossl_x509_finalize (GObject *object)
{
  GosslX509 *self = GOSSL_X509 (object);

  X509_free (self->x509);
  G_OBJECT_CLASS (gossl_x509_parent_class)->finalize (object);
}

static char *
encode_pem (GosslX509 *self)
{
  g_autoptr(GByteArray) pem = gossl_x509_to_data (self, GOSSL_FILETYPE_PEM, NULL);

  return pem != NULL ? g_strndup ((const char *) pem->data, pem->len) : NULL;
}

static void
gossl_x509_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  GosslX509 *self = GOSSL_X509 (object);

  switch (prop_id)
    {
    case PROP_SUBJECT_NAME:
      g_value_take_string (value, gossl_x509_get_subject_name (self));
      break;
    case PROP_ISSUER_NAME:
      g_value_take_string (value, gossl_x509_get_issuer_name (self));
      break;
    case PROP_NOT_VALID_BEFORE:
      g_value_take_boxed (value, gossl_x509_get_not_valid_before (self));
      break;
    case PROP_NOT_VALID_AFTER:
      g_value_take_boxed (value, gossl_x509_get_not_valid_after (self));
      break;
    case PROP_DNS_NAMES:
      g_value_take_boxed (value, gossl_x509_get_dns_names (self));
      break;
    case PROP_IP_ADDRESSES:
      g_value_take_boxed (value, gossl_x509_get_ip_addresses (self));
      break;
    case PROP_SERIAL_NUMBER:
      g_value_take_string (value, gossl_x509_get_serial_number (self));
      break;
    case PROP_CERTIFICATE:
      g_value_take_boxed (value, gossl_x509_to_data (self, GOSSL_FILETYPE_ASN1, NULL));
      break;
    case PROP_CERTIFICATE_PEM:
      g_value_take_string (value, encode_pem (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gossl_x509_class_init (GosslX509Class *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gossl_x509_finalize;
  object_class->get_property = gossl_x509_get_property;

  /**
   * GosslX509:subject-name:
   *
   * The subject as one line of text, as [property@Gio.TlsCertificate:subject-name]
   * gives it with GIO's TLS backends: entries in the order of the
   * certificate, separated by commas (`+` within a multi-valued RDN), with
   * RFC 4514's escapes (`\,`, `\+`, `\"`, ...) and UTF-8 text, such as
   * `C=US,O=Example,CN=example.com`. See [method@Gossl.X509.get_subject_name].
   *
   * Since: 0.2
   */
  properties[PROP_SUBJECT_NAME] =
    g_param_spec_string ("subject-name", NULL, NULL, NULL, flags);

  /**
   * GosslX509:issuer-name:
   *
   * The issuer as one line of text, written as
   * [property@Gossl.X509:subject-name] is. See
   * [method@Gossl.X509.get_issuer_name].
   *
   * Since: 0.2
   */
  properties[PROP_ISSUER_NAME] =
    g_param_spec_string ("issuer-name", NULL, NULL, NULL, flags);

  /**
   * GosslX509:not-valid-before:
   *
   * The start of the validity period, in UTC; %NULL while unset. See
   * [method@Gossl.X509.get_not_valid_before].
   *
   * Since: 0.2
   */
  properties[PROP_NOT_VALID_BEFORE] =
    g_param_spec_boxed ("not-valid-before", NULL, NULL, G_TYPE_DATE_TIME, flags);

  /**
   * GosslX509:not-valid-after:
   *
   * The end of the validity period, in UTC; %NULL while unset. See
   * [method@Gossl.X509.get_not_valid_after].
   *
   * Since: 0.2
   */
  properties[PROP_NOT_VALID_AFTER] =
    g_param_spec_boxed ("not-valid-after", NULL, NULL, G_TYPE_DATE_TIME, flags);

  /**
   * GosslX509:dns-names:
   *
   * The DNS names of the subjectAltName extension, as
   * [property@Gio.TlsCertificate:dns-names] has them: a [struct@GLib.PtrArray] of
   * [struct@GLib.Bytes]. Bindings cannot read a [struct@GLib.PtrArray] property (GJS and PyGObject
   * do not know its element type): call [method@Gossl.X509.get_dns_names].
   *
   * Since: 0.2
   */
  properties[PROP_DNS_NAMES] =
    g_param_spec_boxed ("dns-names", NULL, NULL, G_TYPE_PTR_ARRAY, flags);

  /**
   * GosslX509:ip-addresses:
   *
   * The IP addresses of the subjectAltName extension, as
   * [property@Gio.TlsCertificate:ip-addresses] has them: a [struct@GLib.PtrArray] of
   * [class@Gio.InetAddress]. In bindings call [method@Gossl.X509.get_ip_addresses].
   *
   * Since: 0.2
   */
  properties[PROP_IP_ADDRESSES] =
    g_param_spec_boxed ("ip-addresses", NULL, NULL, G_TYPE_PTR_ARRAY, flags);

  /**
   * GosslX509:serial-number:
   *
   * The serial number as [method@Gossl.X509.get_serial_number] returns
   * it: upper-case hexadecimal, two digits per byte and no separators
   * (`"0ABC"`, `"-"` first when negative), since serial numbers are up to
   * 20 bytes long and certificate viewers show them in hexadecimal.
   *
   * Since: 0.2
   */
  properties[PROP_SERIAL_NUMBER] =
    g_param_spec_string ("serial-number", NULL, NULL, NULL, flags);

  /**
   * GosslX509:certificate:
   *
   * The DER encoding of the certificate, as
   * [property@Gio.TlsCertificate:certificate] has it; %NULL for a
   * certificate that cannot be encoded yet (no validity period).
   *
   * Since: 0.2
   */
  properties[PROP_CERTIFICATE] =
    g_param_spec_boxed ("certificate", NULL, NULL, G_TYPE_BYTE_ARRAY, flags);

  /**
   * GosslX509:certificate-pem:
   *
   * The PEM encoding of the certificate, as
   * [property@Gio.TlsCertificate:certificate-pem] has it; %NULL for a
   * certificate that cannot be encoded yet.
   *
   * Since: 0.2
   */
  properties[PROP_CERTIFICATE_PEM] =
    g_param_spec_string ("certificate-pem", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
  gossl_ensure_initialized ();
}

static void
gossl_x509_init (GosslX509 *self)
{
  /* Never empty: g_object_new() (a binding's Gossl.X509()) gives a usable
   * object; the native constructors replace this one. */
  self->x509 = X509_new ();
  if (self->x509 == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
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
  X509_free (self->x509);
  self->x509 = x509;
  return self;
}

/**
 * gossl_x509_new:
 *
 * An empty certificate to fill in and sign. It has no validity period until
 * [method@Gossl.X509.gmtime_adj_not_before] and [method@Gossl.X509.gmtime_adj_not_after]
 * (or the setters) give it one.
 *
 * Returns: (transfer full): a new [class@Gossl.X509]
 *
 * Since: 0.1
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

static int
print_x509 (BIO *bio, const void *x509)
{
  /* Flags 0: the layout of `openssl x509 -text`, which tools parse. */
  return X509_print_ex (bio, (X509 *) x509, 0, 0);
}

static const GosslAsn1Codec x509_codec = {
  "certificate", PEM_STRING_X509,
  CHECKED_D2I_OF (X509, d2i_X509), CHECKED_I2D_OF (X509, i2d_X509), ASN1_ITEM_ref (X509),
  print_x509,
};

/**
 * gossl_x509_new_from_data:
 * @type: the encoding of @data
 * @data: (array length=len) (element-type guint8): the encoded certificate
 * @len: the length of @data
 * @error: return location for a [struct@GLib.Error]
 *
 * Loads a certificate. With PEM the first certificate in @data is read.
 *
 * As in OpenSSL, a loaded certificate keeps its original encoding: changes
 * to it show in [method@Gossl.X509.to_data] once it is signed again with
 * [method@Gossl.X509.sign].
 *
 * Returns: (transfer full): the certificate, or %NULL with @error set
 *
 * Since: 0.1
 */
GosslX509 *
gossl_x509_new_from_data (GosslFiletype   type,
                          const guint8   *data,
                          gsize           len,
                          GError        **error)
{
  X509 *x509;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  x509 = gossl_asn1_load (&x509_codec, type, data, len, error);
  return x509 != NULL ? gossl_x509_new_from_native (x509) : NULL;
}

/**
 * gossl_x509_to_data:
 * @self: a [class@Gossl.X509]
 * @type: the encoding wanted
 * @error: return location for a [struct@GLib.Error]
 *
 * Encodes the certificate. %GOSSL_FILETYPE_TEXT (since 0.2) gives the
 * description `openssl x509 -noout -text` prints.
 *
 * Returns: (transfer full): the encoded certificate, or %NULL with @error set
 *
 * Since: 0.1
 */
GByteArray *
gossl_x509_to_data (GosslX509      *self,
                    GosslFiletype   type,
                    GError        **error)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return gossl_asn1_dump (&x509_codec, type, self->x509, error);
}

/**
 * gossl_x509_new_from_bytes:
 * @type: the encoding of @bytes
 * @bytes: the encoded certificate
 * @error: return location for a [struct@GLib.Error]
 *
 * Loads a certificate, as [ctor@Gossl.X509.new_from_data] does, from a
 * [struct@GLib.Bytes]: what [method@Gio.File.load_bytes] and GIO's streams give, and
 * what GJS makes of a `Uint8Array`.
 *
 * Returns: (transfer full): the certificate, or %NULL with @error set
 *
 * Since: 0.2
 */
GosslX509 *
gossl_x509_new_from_bytes (GosslFiletype   type,
                           GBytes         *bytes,
                           GError        **error)
{
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!gossl_bytes_peek (bytes, &data, &len, error))
    return NULL;
  return gossl_x509_new_from_data (type, data, len, error);
}

/**
 * gossl_x509_to_bytes:
 * @self: a [class@Gossl.X509]
 * @type: the encoding wanted
 * @error: return location for a [struct@GLib.Error]
 *
 * Encodes the certificate, as [method@Gossl.X509.to_data] does, into a
 * [struct@GLib.Bytes].
 *
 * Returns: (transfer full): the encoded certificate, or %NULL with @error set
 *
 * Since: 0.2
 */
GBytes *
gossl_x509_to_bytes (GosslX509      *self,
                     GosslFiletype   type,
                     GError        **error)
{
  GByteArray *array;

  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  array = gossl_x509_to_data (self, type, error);
  return array != NULL ? g_byte_array_free_to_bytes (array) : NULL;
}

/* X509_dup() goes through DER, which fails for a certificate still being
 * built (no validity period yet): copy what such a certificate can hold. */
static X509 *
copy_fields (X509 *from)
{
  X509 *to = X509_new ();
  EVP_PKEY *pkey;
  int count;

  if (to == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
  X509_set_version (to, X509_get_version (from));
  X509_set_serialNumber (to, (ASN1_INTEGER *) X509_get0_serialNumber (from));
  X509_set_subject_name (to, X509_get_subject_name (from));
  X509_set_issuer_name (to, X509_get_issuer_name (from));
  ASN1_STRING_copy (X509_getm_notBefore (to), X509_get0_notBefore (from));
  ASN1_STRING_copy (X509_getm_notAfter (to), X509_get0_notAfter (from));
  ERR_set_mark ();
  pkey = X509_get0_pubkey (from);
  if (pkey != NULL)
    X509_set_pubkey (to, pkey);
  ERR_pop_to_mark ();
  count = X509_get_ext_count (from);
  for (int i = 0; i < count; i++)
    X509_add_ext (to, X509_get_ext (from, i), -1);
  return to;
}

/**
 * gossl_x509_copy:
 * @self: a [class@Gossl.X509]
 *
 * An independent copy of the certificate.
 *
 * Returns: (transfer full): a new [class@Gossl.X509]
 *
 * Since: 0.1
 */
GosslX509 *
gossl_x509_copy (GosslX509 *self)
{
  X509 *copy;

  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);

  ERR_set_mark ();
  copy = X509_dup (self->x509);
  ERR_pop_to_mark ();
  if (copy == NULL)
    copy = copy_fields (self->x509);
  return gossl_x509_new_from_native (copy);
}

/**
 * gossl_x509_get_version:
 * @self: a [class@Gossl.X509]
 *
 * The version field of the certificate: 0 for an X.509 v1 certificate, 2 for
 * v3.
 *
 * Returns: the version number
 *
 * Since: 0.1
 */
glong
gossl_x509_get_version (GosslX509 *self)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), 0);

  return X509_get_version (self->x509);
}

/**
 * gossl_x509_set_version:
 * @self: a [class@Gossl.X509]
 * @version: 0, 1 or 2 (X.509 v1, v2 or v3)
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the version field. Other values fail with
 * %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT: no X.509 version stands for them,
 * and OpenSSL 3.0 would write them into an unreadable certificate.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
gossl_x509_set_version (GosslX509  *self,
                        glong       version,
                        GError    **error)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (version < X509_VERSION_1 || version > X509_VERSION_3)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Invalid version: %ld (must be 0, 1 or 2)", version);
      return FALSE;
    }
  ERR_clear_error ();
  if (!X509_set_version (self->x509, version))
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not set the version");
      return FALSE;
    }
  notify_changed (self, PROP_0);
  return TRUE;
}

/**
 * gossl_x509_get_serial_number:
 * @self: a [class@Gossl.X509]
 *
 * The serial number, in hexadecimal (upper case, "-" first when negative)
 * since it may be larger than any C integer: `int(s, 16)` in Python.
 *
 * Returns: (transfer full): the serial number in hexadecimal
 *
 * Since: 0.1
 */
char *
gossl_x509_get_serial_number (GosslX509 *self)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);

  return gossl_asn1_integer_to_hex (X509_get0_serialNumber (self->x509));
}

char *
gossl_asn1_integer_to_hex (const ASN1_INTEGER *value)
{
  g_autoptr(BIGNUM) bn = NULL;
  char *hex;
  char *result;

  bn = ASN1_INTEGER_to_BN (value, NULL);
  hex = bn != NULL ? BN_bn2hex (bn) : NULL;
  if (hex == NULL)
    {
      ERR_clear_error ();
      return g_strdup ("0");
    }
  result = g_strdup (hex);
  OPENSSL_free (hex);
  return result;
}

ASN1_INTEGER *
gossl_asn1_integer_from_hex (const char  *hex,
                             GError     **error)
{
  g_autoptr(BIGNUM) bn = NULL;
  ASN1_INTEGER *value;
  const char *digits;

  /* BN_hex2bn stops quietly at the first non-digit: check the whole string. */
  digits = hex != NULL && hex[0] == '-' ? hex + 1 : hex;
  if (digits == NULL || *digits == '\0' || strspn (digits, "0123456789abcdefABCDEF") != strlen (digits)
      || strlen (hex) > G_MAXINT / 2)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Invalid serial number: %s (hexadecimal digits expected)",
                       hex != NULL ? hex : "(null)");
      return NULL;
    }

  ERR_clear_error ();
  if (BN_hex2bn (&bn, hex) == 0 ||
      (value = BN_to_ASN1_INTEGER (bn, NULL)) == NULL)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not set the serial number");
      return NULL;
    }
  return value;
}

/**
 * gossl_x509_set_serial_number:
 * @self: a [class@Gossl.X509]
 * @hex: the serial number in hexadecimal, of any size, "-" first when
 *   negative ("1f", "-ff", "10000000000000001")
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the serial number. Anything but hexadecimal digits fails with
 * %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
gossl_x509_set_serial_number (GosslX509   *self,
                              const char  *hex,
                              GError     **error)
{
  g_autoptr(ASN1_INTEGER) serial = NULL;

  g_return_val_if_fail (GOSSL_IS_X509 (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  serial = gossl_asn1_integer_from_hex (hex, error);
  if (serial == NULL)
    return FALSE;
  if (!X509_set_serialNumber (self->x509, serial))
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not set the serial number");
      return FALSE;
    }
  notify_changed (self, PROP_SERIAL_NUMBER);
  return TRUE;
}

/* Resolvers for name views: the X509_NAME is looked up afresh each time,
 * since X509_set_subject_name() frees the one a view saw before. */
static X509_NAME *
resolve_subject (GObject *owner)
{
  return X509_get_subject_name (GOSSL_X509 (owner)->x509);
}

static X509_NAME *
resolve_issuer (GObject *owner)
{
  return X509_get_issuer_name (GOSSL_X509 (owner)->x509);
}

/**
 * gossl_x509_get_subject:
 * @self: a [class@Gossl.X509]
 *
 * The subject of the certificate: a live view that keeps @self alive.
 * Setting an entry on it changes the certificate; after
 * [method@Gossl.X509.set_subject] it shows the new subject. Each call makes a new
 * view.
 *
 * Returns: (transfer full): a view of the subject
 *
 * Since: 0.1
 */
GosslX509Name *
gossl_x509_get_subject (GosslX509 *self)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);

  return gossl_x509_name_new_view (G_OBJECT (self), resolve_subject);
}

/**
 * gossl_x509_get_issuer:
 * @self: a [class@Gossl.X509]
 *
 * The issuer of the certificate: a live view, as with
 * [method@Gossl.X509.get_subject].
 *
 * Returns: (transfer full): a view of the issuer
 *
 * Since: 0.1
 */
GosslX509Name *
gossl_x509_get_issuer (GosslX509 *self)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);

  return gossl_x509_name_new_view (G_OBJECT (self), resolve_issuer);
}

/**
 * gossl_x509_get_subject_entry:
 * @self: a [class@Gossl.X509]
 * @field: an attribute name, short or long ("CN", "commonName", ...)
 * @error: return location for a [struct@GLib.Error]
 *
 * The first @field entry of the subject of the certificate: what
 * `gossl_x509_name_get_entry (gossl_x509_get_subject (self), field, error)`
 * returns, without making a name object. Bindings pay per object they wrap,
 * so this is the cheap way to read one entry. A value holding a NUL byte
 * fails with %GOSSL_CRYPTO_ERROR_NOT_SUPPORTED, as there.
 *
 * Returns: (transfer full) (nullable): the value in UTF-8, or %NULL when
 *   there is no such entry (@error unset) or @field is unknown (@error set)
 *
 * Since: 0.1
 */
char *
gossl_x509_get_subject_entry (GosslX509   *self,
                              const char  *field,
                              GError     **error)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return gossl_x509_name_native_get_entry (X509_get_subject_name (self->x509), field, error);
}

/**
 * gossl_x509_get_issuer_entry:
 * @self: a [class@Gossl.X509]
 * @field: an attribute name, short or long ("CN", "commonName", ...)
 * @error: return location for a [struct@GLib.Error]
 *
 * The first @field entry of the issuer of the certificate: what
 * `gossl_x509_name_get_entry (gossl_x509_get_issuer (self), field, error)`
 * returns, without making a name object. Bindings pay per object they wrap,
 * so this is the cheap way to read one entry. A value holding a NUL byte
 * fails with %GOSSL_CRYPTO_ERROR_NOT_SUPPORTED, as there.
 *
 * Returns: (transfer full) (nullable): the value in UTF-8, or %NULL when
 *   there is no such entry (@error unset) or @field is unknown (@error set)
 *
 * Since: 0.1
 */
char *
gossl_x509_get_issuer_entry (GosslX509   *self,
                             const char  *field,
                             GError     **error)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return gossl_x509_name_native_get_entry (X509_get_issuer_name (self->x509), field, error);
}

/* As GIO's TLS backends write names (glib-networking's GnuTLS backend, and
 * its OpenSSL one apart from the escapes): RFC 4514's escaping and
 * separators, but the entries in certificate order rather than reversed,
 * and UTF-8 rather than \XX escapes for non-ASCII text. */
#define GIO_NAME_FLAGS (XN_FLAG_RFC2253 & ~(ASN1_STRFLGS_ESC_MSB | XN_FLAG_DN_REV))

static char *
name_to_line (const X509_NAME *name)
{
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long len;

  if (bio == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
  ERR_set_mark ();
  if (name == NULL || X509_NAME_print_ex (bio, name, 0, GIO_NAME_FLAGS) < 0)
    {
      ERR_pop_to_mark ();
      return g_strdup ("");
    }
  ERR_pop_to_mark ();
  len = BIO_get_mem_data (bio, &data);
  /* Strings of a wrong ASN.1 type can hold anything; a GObject string
   * property must be UTF-8. */
  return g_utf8_make_valid (data != NULL ? data : "", len);
}

/**
 * gossl_x509_get_subject_name:
 * @self: a [class@Gossl.X509]
 *
 * The subject as one line of text, the value of
 * [property@Gossl.X509:subject-name]: written as GIO's TLS backends write
 * [property@Gio.TlsCertificate:subject-name], such as
 * `C=US,O=Example\, Inc.,CN=example.com`. For one entry, use
 * [method@Gossl.X509.get_subject_common_name] or
 * [method@Gossl.X509.lookup_subject_entry]; this text is for people to
 * read and for comparing with GIO.
 *
 * Returns: (transfer full): the subject, empty when it has no entries
 *
 * Since: 0.2
 */
char *
gossl_x509_get_subject_name (GosslX509 *self)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);

  return name_to_line (X509_get_subject_name (self->x509));
}

/**
 * gossl_x509_get_issuer_name:
 * @self: a [class@Gossl.X509]
 *
 * The issuer as one line of text, the value of
 * [property@Gossl.X509:issuer-name], written as
 * [method@Gossl.X509.get_subject_name] writes the subject.
 *
 * Returns: (transfer full): the issuer, empty when it has no entries
 *
 * Since: 0.2
 */
char *
gossl_x509_get_issuer_name (GosslX509 *self)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);

  return name_to_line (X509_get_issuer_name (self->x509));
}

/* An unknown @field reads as "no such entry": these never fail, and leave
 * the error record of the thread alone. */
static char *
lookup_entry (const X509_NAME *name,
              const char      *field)
{
  char *value;
  int nid;

  if (field == NULL)
    return NULL;
  ERR_set_mark ();
  nid = OBJ_txt2nid (field);
  value = nid != NID_undef ? gossl_x509_name_native_get_entry (name, field, NULL) : NULL;
  ERR_pop_to_mark ();
  return value;
}

/**
 * gossl_x509_lookup_subject_entry:
 * @self: a [class@Gossl.X509]
 * @field: an attribute name, short or long ("CN", "O", "organizationName", ...)
 *
 * The first @field entry of the subject, as
 * [method@Gossl.X509.get_subject_entry] returns it, but without an error:
 * an unknown @field reads as a missing entry. Bindings can call it where
 * nothing may throw (a Vala or GJS signal handler).
 *
 * Returns: (transfer full) (nullable): the value in UTF-8, or %NULL when
 *   the subject has no such entry
 *
 * Since: 0.2
 */
char *
gossl_x509_lookup_subject_entry (GosslX509  *self,
                                 const char *field)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);

  return lookup_entry (X509_get_subject_name (self->x509), field);
}

/**
 * gossl_x509_lookup_issuer_entry:
 * @self: a [class@Gossl.X509]
 * @field: an attribute name, short or long ("CN", "O", "organizationName", ...)
 *
 * The first @field entry of the issuer, as
 * [method@Gossl.X509.get_issuer_entry] returns it, but without an error:
 * an unknown @field reads as a missing entry.
 *
 * Returns: (transfer full) (nullable): the value in UTF-8, or %NULL when
 *   the issuer has no such entry
 *
 * Since: 0.2
 */
char *
gossl_x509_lookup_issuer_entry (GosslX509  *self,
                                const char *field)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);

  return lookup_entry (X509_get_issuer_name (self->x509), field);
}

/**
 * gossl_x509_get_subject_common_name:
 * @self: a [class@Gossl.X509]
 *
 * The first common name (CN) of the subject. Unlike
 * [method@Gossl.X509.get_subject_entry] it cannot fail, so bindings call
 * it without try/catch.
 *
 * Returns: (transfer full) (nullable): the common name, or %NULL when the
 *   subject has none
 *
 * Since: 0.2
 */
char *
gossl_x509_get_subject_common_name (GosslX509 *self)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);

  return lookup_entry (X509_get_subject_name (self->x509), "CN");
}

/**
 * gossl_x509_get_issuer_common_name:
 * @self: a [class@Gossl.X509]
 *
 * The first common name (CN) of the issuer; it cannot fail.
 *
 * Returns: (transfer full) (nullable): the common name, or %NULL when the
 *   issuer has none
 *
 * Since: 0.2
 */
char *
gossl_x509_get_issuer_common_name (GosslX509 *self)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);

  return lookup_entry (X509_get_issuer_name (self->x509), "CN");
}

/**
 * gossl_x509_set_subject:
 * @self: a [class@Gossl.X509]
 * @name: the new subject
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the subject to a copy of @name.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
gossl_x509_set_subject (GosslX509      *self,
                        GosslX509Name  *name,
                        GError        **error)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_X509_NAME (name), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ERR_clear_error ();
  if (!X509_set_subject_name (self->x509, gossl_x509_name_get_native (name)))
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not set the subject");
      return FALSE;
    }
  notify_changed (self, PROP_SUBJECT_NAME);
  return TRUE;
}

/**
 * gossl_x509_set_issuer:
 * @self: a [class@Gossl.X509]
 * @name: the new issuer
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the issuer to a copy of @name.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
gossl_x509_set_issuer (GosslX509      *self,
                       GosslX509Name  *name,
                       GError        **error)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_X509_NAME (name), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ERR_clear_error ();
  if (!X509_set_issuer_name (self->x509, gossl_x509_name_get_native (name)))
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not set the issuer");
      return FALSE;
    }
  notify_changed (self, PROP_ISSUER_NAME);
  return TRUE;
}

/**
 * gossl_x509_get_pubkey:
 * @self: a [class@Gossl.X509]
 * @error: return location for a [struct@GLib.Error]
 *
 * The public key of the certificate. A new certificate has none yet: that
 * fails with %GOSSL_CRYPTO_ERROR_FAILED.
 *
 * Returns: (transfer full): the public key, or %NULL with @error set
 *
 * Since: 0.1
 */
GosslPKey *
gossl_x509_get_pubkey (GosslX509  *self,
                       GError    **error)
{
  EVP_PKEY *pkey;

  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ERR_clear_error ();
  pkey = gossl_public_key_decode (X509_get_X509_PUBKEY (self->x509));
  if (pkey == NULL)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "The certificate has no usable public key");
      return NULL;
    }
  return gossl_pkey_new_from_native (pkey);
}

/**
 * gossl_x509_set_pubkey:
 * @self: a [class@Gossl.X509]
 * @pkey: the key; only its public half is stored
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the public key of the certificate. An empty @pkey fails with
 * %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
gossl_x509_set_pubkey (GosslX509  *self,
                       GosslPKey  *pkey,
                       GError    **error)
{
  EVP_PKEY *native;

  g_return_val_if_fail (GOSSL_IS_X509 (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_PKEY (pkey), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  native = gossl_pkey_get_native (pkey);
  if (native == NULL)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "The key object is empty: generate or load a key first");
      return FALSE;
    }
  ERR_clear_error ();
  if (!X509_set_pubkey (self->x509, native))
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not set the public key");
      return FALSE;
    }
  notify_changed (self, PROP_0);
  return TRUE;
}

static gboolean
adjust_time (ASN1_TIME   *when,
             glong        seconds,
             GError     **error)
{
  /* X509_gmtime_adj() fails, changing nothing, only when the result is
   * outside the years 1900 to 9999. */
  ERR_clear_error ();
  if (X509_gmtime_adj (when, seconds) == NULL)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Invalid time offset: %ld seconds from now is outside the years 1900 to 9999",
                       seconds);
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_x509_gmtime_adj_not_before:
 * @self: a [class@Gossl.X509]
 * @seconds: an offset from now, in seconds (negative for the past)
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the start of the validity period to now plus @seconds. A time outside
 * the years 1900 to 9999 fails with %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT and
 * leaves the period as it was.
 *
 * Before 0.2 this returned nothing and kept the old time with a warning.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
gossl_x509_gmtime_adj_not_before (GosslX509  *self,
                                  glong       seconds,
                                  GError    **error)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!adjust_time (X509_getm_notBefore (self->x509), seconds, error))
    return FALSE;
  notify_changed (self, PROP_NOT_VALID_BEFORE);
  return TRUE;
}

/**
 * gossl_x509_gmtime_adj_not_after:
 * @self: a [class@Gossl.X509]
 * @seconds: an offset from now, in seconds (negative for the past)
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the end of the validity period to now plus @seconds. A time outside
 * the years 1900 to 9999 fails with %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT and
 * leaves the period as it was.
 *
 * Before 0.2 this returned nothing and kept the old time with a warning.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
gossl_x509_gmtime_adj_not_after (GosslX509  *self,
                                 glong       seconds,
                                 GError    **error)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!adjust_time (X509_getm_notAfter (self->x509), seconds, error))
    return FALSE;
  notify_changed (self, PROP_NOT_VALID_AFTER);
  return TRUE;
}

char *
gossl_asn1_time_to_string (const ASN1_TIME *when)
{
  g_autoptr(ASN1_TIME) generalized = NULL;

  /* A new certificate's times are empty strings, not missing. */
  if (when == NULL || ASN1_STRING_length (when) == 0)
    return NULL;
  generalized = ASN1_TIME_to_generalizedtime (when, NULL);
  if (generalized == NULL)
    {
      ERR_clear_error ();
      return g_strndup ((const char *) ASN1_STRING_get0_data (when),
                        ASN1_STRING_length (when));
    }
  return g_strndup ((const char *) ASN1_STRING_get0_data (generalized),
                    ASN1_STRING_length (generalized));
}

gboolean
gossl_asn1_time_set_string (ASN1_TIME   *when,
                            const char  *value,
                            GError     **error)
{
  /* The _X509 variant stores dates before 2050 as UTCTime, as RFC 5280
   * asks, whichever form the caller wrote. */
  if (value == NULL || !ASN1_TIME_set_string_X509 (when, value))
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Invalid time: %s (expected YYYYMMDDhhmmssZ)",
                       value != NULL ? value : "(null)");
      return FALSE;
    }
  return TRUE;
}

/**
 * gossl_x509_get_not_before:
 * @self: a [class@Gossl.X509]
 *
 * The start of the validity period as an ASN.1 GeneralizedTime,
 * `YYYYMMDDhhmmssZ`; [method@Gossl.X509.get_not_valid_before] gives it as a
 * [struct@GLib.DateTime].
 *
 * Returns: (transfer full) (nullable): the time, or %NULL when unset
 *
 * Since: 0.1
 */
char *
gossl_x509_get_not_before (GosslX509 *self)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);

  return gossl_asn1_time_to_string (X509_get0_notBefore (self->x509));
}

/**
 * gossl_x509_get_not_after:
 * @self: a [class@Gossl.X509]
 *
 * The end of the validity period as an ASN.1 GeneralizedTime,
 * `YYYYMMDDhhmmssZ`; [method@Gossl.X509.get_not_valid_after] gives it as a
 * [struct@GLib.DateTime].
 *
 * Returns: (transfer full) (nullable): the time, or %NULL when unset
 *
 * Since: 0.1
 */
char *
gossl_x509_get_not_after (GosslX509 *self)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);

  return gossl_asn1_time_to_string (X509_get0_notAfter (self->x509));
}

/**
 * gossl_x509_set_not_before:
 * @self: a [class@Gossl.X509]
 * @when: the time as `YYYYMMDDhhmmssZ` (or the UTCTime form `YYMMDDhhmmssZ`)
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the start of the validity period. A malformed @when fails with
 * %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
gossl_x509_set_not_before (GosslX509   *self,
                           const char  *when,
                           GError     **error)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!gossl_asn1_time_set_string (X509_getm_notBefore (self->x509), when, error))
    return FALSE;
  notify_changed (self, PROP_NOT_VALID_BEFORE);
  return TRUE;
}

/**
 * gossl_x509_set_not_after:
 * @self: a [class@Gossl.X509]
 * @when: the time as `YYYYMMDDhhmmssZ` (or the UTCTime form `YYMMDDhhmmssZ`)
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the end of the validity period. A malformed @when fails with
 * %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
gossl_x509_set_not_after (GosslX509   *self,
                          const char  *when,
                          GError     **error)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!gossl_asn1_time_set_string (X509_getm_notAfter (self->x509), when, error))
    return FALSE;
  notify_changed (self, PROP_NOT_VALID_AFTER);
  return TRUE;
}

GDateTime *
gossl_asn1_time_to_date_time (const ASN1_TIME *when)
{
  struct tm tm;

  if (when == NULL || ASN1_STRING_length (when) == 0)
    return NULL;
  ERR_set_mark ();
  if (!ASN1_TIME_to_tm (when, &tm))
    {
      ERR_pop_to_mark ();
      return NULL;
    }
  ERR_pop_to_mark ();
  /* NULL for year 0, which GeneralizedTime allows and GDateTime does not. */
  return g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                              tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years both
 * GDateTime and ASN.1 GeneralizedTime can hold, in UTC. */
#define FIRST_UNIX_TIME G_GINT64_CONSTANT (-62135596800)
#define LAST_UNIX_TIME  G_GINT64_CONSTANT (253402300799)

ASN1_TIME *
gossl_asn1_time_from_date_time (GDateTime  *value,
                                GError    **error)
{
  ASN1_TIME *when;
  gint64 unix_time;

  if (value == NULL)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "No time given");
      return NULL;
    }
  /* A GDateTime in range in its own time zone can fall outside it in UTC
   * (9999-12-31T23:00-05:00). */
  unix_time = g_date_time_to_unix (value);
  if (unix_time < FIRST_UNIX_TIME || unix_time > LAST_UNIX_TIME)
    {
      g_autofree char *text = g_date_time_format_iso8601 (value);

      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Time out of range: %s (a certificate holds years 1 to 9999 in UTC)",
                       text != NULL ? text : "?");
      return NULL;
    }

  /* ASN1_TIME_set() writes UTCTime for 1950-2049 and GeneralizedTime
   * otherwise, as RFC 5280 asks. */
  ERR_clear_error ();
  when = ASN1_TIME_set (NULL, (time_t) unix_time);
  if (when == NULL)
    gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                  "Could not set the time");
  return when;
}

static gboolean
set_date_time (GosslX509   *self,
               guint        prop_id,
               GDateTime   *value,
               GError     **error)
{
  g_autoptr(ASN1_TIME) when = NULL;
  int ok;

  when = gossl_asn1_time_from_date_time (value, error);
  if (when == NULL)
    return FALSE;
  ok = prop_id == PROP_NOT_VALID_BEFORE ? X509_set1_notBefore (self->x509, when)
                                        : X509_set1_notAfter (self->x509, when);
  if (!ok)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not set the time");
      return FALSE;
    }
  notify_changed (self, prop_id);
  return TRUE;
}

/**
 * gossl_x509_get_not_valid_before:
 * @self: a [class@Gossl.X509]
 *
 * The start of the validity period, the value of
 * [property@Gossl.X509:not-valid-before].
 *
 * Returns: (transfer full) (nullable): the time in UTC, or %NULL when it is
 *   unset (a new certificate) or before year 1
 *
 * Since: 0.2
 */
GDateTime *
gossl_x509_get_not_valid_before (GosslX509 *self)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);

  return gossl_asn1_time_to_date_time (X509_get0_notBefore (self->x509));
}

/**
 * gossl_x509_get_not_valid_after:
 * @self: a [class@Gossl.X509]
 *
 * The end of the validity period, the value of
 * [property@Gossl.X509:not-valid-after].
 *
 * Returns: (transfer full) (nullable): the time in UTC, or %NULL when it is
 *   unset (a new certificate) or before year 1
 *
 * Since: 0.2
 */
GDateTime *
gossl_x509_get_not_valid_after (GosslX509 *self)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);

  return gossl_asn1_time_to_date_time (X509_get0_notAfter (self->x509));
}

/**
 * gossl_x509_set_not_valid_before:
 * @self: a [class@Gossl.X509]
 * @when: the start of the validity period, in any time zone
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the start of the validity period. A certificate holds whole seconds
 * in UTC: fractions of a second are dropped. A time outside years 1 to
 * 9999 once taken to UTC fails with %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.2
 */
gboolean
gossl_x509_set_not_valid_before (GosslX509  *self,
                                 GDateTime  *when,
                                 GError    **error)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_date_time (self, PROP_NOT_VALID_BEFORE, when, error);
}

/**
 * gossl_x509_set_not_valid_after:
 * @self: a [class@Gossl.X509]
 * @when: the end of the validity period, in any time zone
 * @error: return location for a [struct@GLib.Error]
 *
 * Sets the end of the validity period, as
 * [method@Gossl.X509.set_not_valid_before] sets the start.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.2
 */
gboolean
gossl_x509_set_not_valid_after (GosslX509  *self,
                                GDateTime  *when,
                                GError    **error)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_date_time (self, PROP_NOT_VALID_AFTER, when, error);
}

/**
 * gossl_x509_has_expired:
 * @self: a [class@Gossl.X509]
 * @error: return location for a [struct@GLib.Error]
 *
 * Whether the end of the validity period is past. A certificate with no end
 * date fails with %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: %TRUE when expired; %FALSE when not, or with @error set
 *
 * Since: 0.1
 */
gboolean
gossl_x509_has_expired (GosslX509  *self,
                        GError    **error)
{
  const ASN1_TIME *not_after;
  int cmp;

  g_return_val_if_fail (GOSSL_IS_X509 (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  not_after = X509_get0_notAfter (self->x509);
  if (not_after == NULL || ASN1_STRING_length (not_after) == 0)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Unable to determine notAfter");
      return FALSE;
    }
  ERR_clear_error ();
  cmp = ASN1_TIME_cmp_time_t (not_after, time (NULL));
  if (cmp == -2)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                                    "Unable to determine notAfter");
      return FALSE;
    }
  return cmp < 0;
}

/**
 * gossl_x509_sign:
 * @self: a [class@Gossl.X509]
 * @pkey: the issuer's private key
 * @digest: the digest to sign with: "sha256", "sha384", "sha512"...
 * @error: return location for a [struct@GLib.Error]
 *
 * Signs the certificate. An unknown @digest, or a @pkey that is empty or
 * public only, fails with %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT; a refusal by
 * OpenSSL (a digest the key type cannot use) with
 * %GOSSL_CRYPTO_ERROR_FAILED.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
gossl_x509_sign (GosslX509   *self,
                 GosslPKey   *pkey,
                 const char  *digest,
                 GError     **error)
{
  const EVP_MD *md;

  g_return_val_if_fail (GOSSL_IS_X509 (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_PKEY (pkey), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!gossl_pkey_is_initialized (pkey))
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Key is uninitialized");
      return FALSE;
    }
  if (!gossl_pkey_has_private (pkey))
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Key only has public part");
      return FALSE;
    }
  md = gossl_lookup_digest (digest, error);
  if (md == NULL)
    return FALSE;

  ERR_clear_error ();
  if (X509_sign (self->x509, gossl_pkey_get_native (pkey), md) <= 0)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not sign the certificate");
      return FALSE;
    }
  notify_changed (self, PROP_0);
  return TRUE;
}

/**
 * gossl_x509_digest:
 * @self: a [class@Gossl.X509]
 * @digest: the digest name: "sha256", "sha1", "md5"...
 * @error: return location for a [struct@GLib.Error]
 *
 * The fingerprint of the certificate: the digest of its DER encoding as
 * upper-case hexadecimal bytes joined by colons, "AB:CD:...". An unknown
 * @digest fails with %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: (transfer full): the fingerprint, or %NULL with @error set
 *
 * Since: 0.1
 */
char *
gossl_x509_digest (GosslX509   *self,
                   const char  *digest,
                   GError     **error)
{
  const EVP_MD *md;
  unsigned char buf[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  GString *text;

  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  md = gossl_lookup_digest (digest, error);
  if (md == NULL)
    return NULL;
  ERR_clear_error ();
  if (!X509_digest (self->x509, md, buf, &len))
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not compute the digest");
      return NULL;
    }
  text = g_string_sized_new (len * 3);
  for (unsigned int i = 0; i < len; i++)
    g_string_append_printf (text, "%s%02X", i ? ":" : "", buf[i]);
  return g_string_free (text, FALSE);
}

/**
 * gossl_x509_get_signature_algorithm:
 * @self: a [class@Gossl.X509]
 * @error: return location for a [struct@GLib.Error]
 *
 * The name of the algorithm the certificate is signed with, such as
 * "sha256WithRSAEncryption". An unsigned certificate, or an algorithm
 * OpenSSL does not know, fails with %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: (transfer full): the algorithm's name, or %NULL with @error set
 *
 * Since: 0.1
 */
char *
gossl_x509_get_signature_algorithm (GosslX509  *self,
                                    GError    **error)
{
  const X509_ALGOR *alg = NULL;
  const ASN1_OBJECT *object = NULL;
  int nid;

  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  X509_get0_signature (NULL, &alg, self->x509);
  if (alg != NULL)
    X509_ALGOR_get0 (&object, NULL, NULL, alg);
  nid = object != NULL ? OBJ_obj2nid (object) : NID_undef;
  if (nid == NID_undef)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Undefined signature algorithm");
      return NULL;
    }
  return g_strdup (OBJ_nid2ln (nid));
}

/**
 * gossl_x509_add_extension:
 * @self: a [class@Gossl.X509]
 * @extension: the extension to add; @self gets a copy
 * @error: return location for a [struct@GLib.Error]
 *
 * Appends an extension to the certificate. An empty @extension (one made
 * with [ctor@GObject.Object.new], a binding's `Gossl.X509Extension()`) fails with
 * %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
gossl_x509_add_extension (GosslX509           *self,
                          GosslX509Extension  *extension,
                          GError             **error)
{
  X509_EXTENSION *ext;

  g_return_val_if_fail (GOSSL_IS_X509 (self), FALSE);
  g_return_val_if_fail (GOSSL_IS_X509_EXTENSION (extension), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((ext = gossl_x509_extension_get_content (extension, error)) == NULL)
    return FALSE;
  ERR_clear_error ();
  if (!X509_add_ext (self->x509, ext, -1))
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not add the extension");
      return FALSE;
    }
  if (OBJ_obj2nid (X509_EXTENSION_get_object (gossl_x509_extension_get_native (extension)))
      == NID_subject_alt_name)
    {
      g_object_freeze_notify (G_OBJECT (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DNS_NAMES]);
      notify_changed (self, PROP_IP_ADDRESSES);
      g_object_thaw_notify (G_OBJECT (self));
    }
  else
    notify_changed (self, PROP_0);
  return TRUE;
}

/**
 * gossl_x509_get_extension_count:
 * @self: a [class@Gossl.X509]
 *
 * The number of extensions in the certificate.
 *
 * Returns: the number of extensions
 *
 * Since: 0.1
 */
guint
gossl_x509_get_extension_count (GosslX509 *self)
{
  int count;

  g_return_val_if_fail (GOSSL_IS_X509 (self), 0);

  count = X509_get_ext_count (self->x509);
  return count > 0 ? (guint) count : 0;
}

/**
 * gossl_x509_get_extension:
 * @self: a [class@Gossl.X509]
 * @index: the position of the extension, from 0
 * @error: return location for a [struct@GLib.Error]
 *
 * A copy of the extension at @index. An @index past the end fails with
 * %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: (transfer full): the extension, or %NULL with @error set
 *
 * Since: 0.1
 */
GosslX509Extension *
gossl_x509_get_extension (GosslX509  *self,
                          guint       index,
                          GError    **error)
{
  X509_EXTENSION *ext;
  X509_EXTENSION *copy;

  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ext = index < gossl_x509_get_extension_count (self)
    ? X509_get_ext (self->x509, (int) index) : NULL;
  if (ext == NULL)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "Extension index out of bounds: %u", index);
      return NULL;
    }
  ERR_clear_error ();
  copy = X509_EXTENSION_dup (ext);
  if (copy == NULL)
    {
      gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                    "Could not copy the extension");
      return NULL;
    }
  return gossl_x509_extension_new_from_native (copy);
}

/* The subjectAltName entries, or NULL when there are none (or the
 * extension does not parse, or appears twice). */
static GENERAL_NAMES *
get_alt_names (GosslX509 *self)
{
  GENERAL_NAMES *names;

  ERR_set_mark ();
  names = X509_get_ext_d2i (self->x509, NID_subject_alt_name, NULL, NULL);
  ERR_pop_to_mark ();
  return names;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GENERAL_NAMES, GENERAL_NAMES_free)

/**
 * gossl_x509_get_dns_names:
 * @self: a [class@Gossl.X509]
 *
 * The DNS names of the certificate's subjectAltName extension, in order:
 * the value of [property@Gossl.X509:dns-names]. They are [struct@GLib.Bytes], as GIO
 * has them, since a name can hold any byte (a zero byte too, which a C
 * string would cut short).
 *
 * Returns: (transfer container) (element-type GBytes): the names, empty
 *   when there are none
 *
 * Since: 0.2
 */
GPtrArray *
gossl_x509_get_dns_names (GosslX509 *self)
{
  g_autoptr(GENERAL_NAMES) names = NULL;
  GPtrArray *result;

  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  names = get_alt_names (self);
  for (int i = 0; i < sk_GENERAL_NAME_num (names); i++)
    {
      const GENERAL_NAME *name = sk_GENERAL_NAME_value (names, i);

      /* The data of an empty string may be NULL: g_bytes_new() takes that. */
      if (name->type == GEN_DNS)
        g_ptr_array_add (result, g_bytes_new (ASN1_STRING_get0_data (name->d.dNSName),
                                              ASN1_STRING_length (name->d.dNSName)));
    }
  return result;
}

/**
 * gossl_x509_get_ip_addresses:
 * @self: a [class@Gossl.X509]
 *
 * The IP addresses (v4 and v6) of the certificate's subjectAltName
 * extension, in order: the value of [property@Gossl.X509:ip-addresses].
 *
 * Returns: (transfer container) (element-type GInetAddress): the
 *   addresses, empty when there are none
 *
 * Since: 0.2
 */
GPtrArray *
gossl_x509_get_ip_addresses (GosslX509 *self)
{
  g_autoptr(GENERAL_NAMES) names = NULL;
  GPtrArray *result;

  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);

  result = g_ptr_array_new_with_free_func (g_object_unref);
  names = get_alt_names (self);
  for (int i = 0; i < sk_GENERAL_NAME_num (names); i++)
    {
      const GENERAL_NAME *name = sk_GENERAL_NAME_value (names, i);
      const guint8 *address;
      int len;

      if (name->type != GEN_IPADD)
        continue;
      address = ASN1_STRING_get0_data (name->d.iPAddress);
      len = ASN1_STRING_length (name->d.iPAddress);
      /* Other lengths are malformed (or a name constraint's address and mask). */
      if (len == 4)
        g_ptr_array_add (result, g_inet_address_new_from_bytes (address, G_SOCKET_FAMILY_IPV4));
      else if (len == 16)
        g_ptr_array_add (result, g_inet_address_new_from_bytes (address, G_SOCKET_FAMILY_IPV6));
    }
  return result;
}

/* The IA5String entries of type @type, as strings; an entry holding a zero
 * byte is left out rather than cut short into another name. */
static char **
get_alt_name_strings (GosslX509 *self,
                      int        type)
{
  g_autoptr(GENERAL_NAMES) names = get_alt_names (self);
  GPtrArray *result = g_ptr_array_new ();

  for (int i = 0; i < sk_GENERAL_NAME_num (names); i++)
    {
      const GENERAL_NAME *name = sk_GENERAL_NAME_value (names, i);
      const ASN1_IA5STRING *text;
      const char *data;
      int len;

      if (name->type != type)
        continue;
      text = type == GEN_EMAIL ? name->d.rfc822Name : name->d.uniformResourceIdentifier;
      data = (const char *) ASN1_STRING_get0_data (text);
      len = ASN1_STRING_length (text);
      if (data == NULL || len <= 0)
        g_ptr_array_add (result, g_strdup (""));
      else if (memchr (data, '\0', len) == NULL)
        g_ptr_array_add (result, g_utf8_make_valid (data, len));
    }
  g_ptr_array_add (result, NULL);
  return (char **) g_ptr_array_free (result, FALSE);
}

/**
 * gossl_x509_get_email_addresses:
 * @self: a [class@Gossl.X509]
 *
 * The e-mail addresses (rfc822Name) of the certificate's subjectAltName
 * extension, in order. An entry holding a zero byte is left out.
 *
 * Returns: (transfer full) (array zero-terminated=1): the addresses,
 *   empty when there are none
 *
 * Since: 0.2
 */
char **
gossl_x509_get_email_addresses (GosslX509 *self)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);

  return get_alt_name_strings (self, GEN_EMAIL);
}

/**
 * gossl_x509_get_uris:
 * @self: a [class@Gossl.X509]
 *
 * The URIs (uniformResourceIdentifier) of the certificate's subjectAltName
 * extension, in order. An entry holding a zero byte is left out.
 *
 * Returns: (transfer full) (array zero-terminated=1): the URIs, empty when
 *   there are none
 *
 * Since: 0.2
 */
char **
gossl_x509_get_uris (GosslX509 *self)
{
  g_return_val_if_fail (GOSSL_IS_X509 (self), NULL);

  return get_alt_name_strings (self, GEN_URI);
}

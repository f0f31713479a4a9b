/* gossl-x509-name.c: a distinguished name (X509_NAME)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gossl-private.h"

#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_NAME_ENTRY, X509_NAME_ENTRY_free)

/**
 * GosslX509Name:
 *
 * A distinguished name such as `/C=US/O=Example/CN=example.com`: the
 * subject or issuer of a certificate, the subject of a request.
 *
 * A name either owns its own copy ([ctor@Gossl.X509Name.new],
 * [method@Gossl.X509Name.copy]), or is a live view into the certificate or
 * request it was taken from: setting an entry on the view changes that
 * certificate, the view keeps the certificate alive, and a later
 * [method@Gossl.X509.set_subject] on the certificate shows through the view.
 *
 * Since: 0.1
 */
struct _GosslX509Name
{
  GObject parent_instance;

  X509_NAME *name;                /* owned copy, or NULL for a view */
  GObject *owner;                 /* strong reference, NULL for a copy */
  GosslX509NameResolve resolve;   /* finds the owner's current name */
};

G_DEFINE_FINAL_TYPE (GosslX509Name, gossl_x509_name, G_TYPE_OBJECT)

static void
gossl_x509_name_finalize (GObject *object)
{
  GosslX509Name *self = GOSSL_X509_NAME (object);

  X509_NAME_free (self->name);
  g_clear_object (&self->owner);
  G_OBJECT_CLASS (gossl_x509_name_parent_class)->finalize (object);
}

static void
gossl_x509_name_class_init (GosslX509NameClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gossl_x509_name_finalize;
  gossl_ensure_initialized ();
}

static void
gossl_x509_name_init (GosslX509Name *self)
{
}

X509_NAME *
gossl_x509_name_get_native (GosslX509Name *self)
{
  g_return_val_if_fail (GOSSL_IS_X509_NAME (self), NULL);

  /* Never cached for a view: X509_set_subject_name() frees the X509_NAME
   * the certificate held and puts a copy of the new one in its place. */
  if (self->owner != NULL)
    return self->resolve (self->owner);
  /* Made on first use, so an object from g_object_new() (a binding's
   * Gossl.X509Name()) is an empty name, and views never allocate one. */
  if (self->name == NULL && (self->name = X509_NAME_new ()) == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
  return self->name;
}

GosslX509Name *
gossl_x509_name_new_from_native (const X509_NAME *name)
{
  GosslX509Name *self;
  X509_NAME *copy;

  g_return_val_if_fail (name != NULL, NULL);

  copy = X509_NAME_dup (name);
  if (copy == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
  self = g_object_new (GOSSL_TYPE_X509_NAME, NULL);
  self->name = copy;
  return self;
}

GosslX509Name *
gossl_x509_name_new_view (GObject              *owner,
                          GosslX509NameResolve  resolve)
{
  GosslX509Name *self;

  g_return_val_if_fail (G_IS_OBJECT (owner), NULL);
  g_return_val_if_fail (resolve != NULL, NULL);

  self = g_object_new (GOSSL_TYPE_X509_NAME, NULL);
  self->owner = g_object_ref (owner);
  self->resolve = resolve;
  return self;
}

/**
 * gossl_x509_name_new:
 *
 * An empty name that owns its own data; fill it with
 * [method@Gossl.X509Name.set_entry].
 *
 * Returns: (transfer full): a new [class@Gossl.X509Name]
 *
 * Since: 0.1
 */
GosslX509Name *
gossl_x509_name_new (void)
{
  GosslX509Name *self = g_object_new (GOSSL_TYPE_X509_NAME, NULL);

  self->name = X509_NAME_new ();
  if (self->name == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
  return self;
}

/**
 * gossl_x509_name_copy:
 * @self: a [class@Gossl.X509Name]
 *
 * An independent copy of @self. Changing the copy leaves @self (and the
 * certificate it may be a view into) alone.
 *
 * Returns: (transfer full): a new [class@Gossl.X509Name]
 *
 * Since: 0.1
 */
GosslX509Name *
gossl_x509_name_copy (GosslX509Name *self)
{
  X509_NAME *name;

  g_return_val_if_fail (GOSSL_IS_X509_NAME (self), NULL);

  /* A name made with g_object_new() (Gossl.X509Name() in bindings) holds
   * nothing: its copy is an empty name. */
  name = gossl_x509_name_get_native (self);
  if (name == NULL)
    return gossl_x509_name_new ();
  return gossl_x509_name_new_from_native (name);
}

static int
lookup_field (const char *field, GError **error)
{
  int nid = field != NULL ? OBJ_txt2nid (field) : NID_undef;

  if (nid == NID_undef)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "No such attribute: %s", field != NULL ? field : "(null)");
      return NID_undef;
    }
  return nid;
}

static gboolean
is_plain_utf8 (const ASN1_STRING *data)
{
  const unsigned char *bytes = ASN1_STRING_get0_data (data);
  int length = ASN1_STRING_length (data);
  int i;

  if (bytes == NULL || length <= 0)
    return FALSE;
  switch (ASN1_STRING_type (data))
    {
    case V_ASN1_UTF8STRING:
      return memchr (bytes, '\0', length) == NULL &&
             g_utf8_validate_len ((const char *) bytes, length, NULL);
    case V_ASN1_PRINTABLESTRING:
    case V_ASN1_IA5STRING:
      for (i = 0; i < length; i++)
        if (bytes[i] == 0 || bytes[i] >= 0x80)
          return FALSE;
      return TRUE;
    default:
      return FALSE;
    }
}

/* The entry's value exactly: in UTF-8 as OpenSSL reads it (a BMPString or
 * a Latin-1 PrintableString converted), NULs included, or its raw bytes
 * when OpenSSL cannot convert it. */
static GBytes *
entry_to_bytes (X509_NAME_ENTRY *entry)
{
  ASN1_STRING *data = X509_NAME_ENTRY_get_data (entry);
  unsigned char *utf8 = NULL;
  GBytes *bytes;
  int len;

  len = ASN1_STRING_to_UTF8 (&utf8, data);
  if (len < 0)
    {
      ERR_clear_error ();
      /* An empty string may have no data at all. */
      if (ASN1_STRING_length (data) <= 0 || ASN1_STRING_get0_data (data) == NULL)
        return g_bytes_new (NULL, 0);
      return g_bytes_new (ASN1_STRING_get0_data (data), ASN1_STRING_length (data));
    }
  bytes = g_bytes_new (utf8, len);
  OPENSSL_free (utf8);
  return bytes;
}

/* The entry's value as UTF-8 text. Bytes that are not UTF-8 read as
 * U+FFFD; so does a NUL, which a C string cannot hold: @has_nul (optional)
 * tells the callers that must not hand out such a reading. */
static char *
entry_to_utf8 (X509_NAME_ENTRY *entry, gboolean *has_nul)
{
  ASN1_STRING *data = X509_NAME_ENTRY_get_data (entry);
  g_autoptr(GBytes) bytes = NULL;
  const char *text;
  gsize len;

  if (has_nul != NULL)
    *has_nul = FALSE;
  /* Nearly every name holds UTF8String or PrintableString, whose bytes are
   * already the UTF-8 answer: copy them once rather than convert and copy
   * again (the `cert.get_subject().CN` path). Anything unusual (a NUL, a
   * PrintableString with 8-bit bytes, which OpenSSL reads as Latin-1) takes
   * the general path below, so results do not change. */
  if (is_plain_utf8 (data))
    return g_strndup ((const char *) ASN1_STRING_get0_data (data), ASN1_STRING_length (data));

  bytes = entry_to_bytes (entry);
  text = g_bytes_get_data (bytes, &len);
  /* An empty value has no data at all. */
  if (len == 0)
    return g_strdup ("");
  if (has_nul != NULL)
    *has_nul = memchr (text, '\0', len) != NULL;
  return g_utf8_make_valid (text, len);
}

/* The first @field entry of @name, or NULL (@error unset) when there is
 * none or (@error set) @field is unknown. */
static X509_NAME_ENTRY *
find_entry (const X509_NAME  *name,
            const char       *field,
            GError          **error)
{
  int nid, index;

  nid = lookup_field (field, error);
  if (nid == NID_undef)
    return NULL;
  index = name != NULL ? X509_NAME_get_index_by_NID (name, nid, -1) : -1;
  if (index < 0)
    return NULL;
  return X509_NAME_get_entry (name, index);
}

/* Shared by gossl_x509_name_get_entry() and the owners' shortcuts
 * (gossl_x509_get_subject_entry() and the like), which read an entry
 * without making a name object first. */
char *
gossl_x509_name_native_get_entry (const X509_NAME  *name,
                                  const char       *field,
                                  GError          **error)
{
  X509_NAME_ENTRY *entry = find_entry (name, field, error);
  gboolean has_nul;
  char *value;

  if (entry == NULL)
    return NULL;
  value = entry_to_utf8 (entry, &has_nul);
  if (has_nul)
    {
      /* Cut at the NUL or with U+FFFD in its place, the value would read
       * as another name (a certificate for "good.example\0.evil.example"
       * is not one for "good.example"). */
      g_free (value);
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_NOT_SUPPORTED,
                       "The %s value holds a NUL byte, which a string cannot carry: "
                       "read it with gossl_x509_name_get_entry_bytes()", field);
      return NULL;
    }
  return value;
}

/**
 * gossl_x509_name_get_entry:
 * @self: a [class@Gossl.X509Name]
 * @field: an attribute name, short or long: "CN", "commonName", "C",
 *   "countryName", "ST", "O", "OU", "L", "emailAddress"...
 * @error: return location for a [struct@GLib.Error]
 *
 * The value of the first entry of @field. An unknown @field fails with
 * %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT. A value holding a NUL byte (which a
 * string cannot carry) fails with %GOSSL_CRYPTO_ERROR_NOT_SUPPORTED: read it
 * with [method@Gossl.X509Name.get_entry_bytes].
 *
 * Returns: (transfer full) (nullable): the value in UTF-8, or %NULL when
 *   @self has no such entry (@error unset) or @field is unknown (@error set)
 *
 * Since: 0.1
 */
char *
gossl_x509_name_get_entry (GosslX509Name  *self,
                           const char     *field,
                           GError        **error)
{
  g_return_val_if_fail (GOSSL_IS_X509_NAME (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return gossl_x509_name_native_get_entry (gossl_x509_name_get_native (self), field, error);
}

/**
 * gossl_x509_name_get_entry_bytes:
 * @self: a [class@Gossl.X509Name]
 * @field: an attribute name, short or long ("CN", "commonName", ...)
 * @error: return location for a [struct@GLib.Error]
 *
 * The value of the first entry of @field, exactly: its bytes in UTF-8 as
 * OpenSSL reads them, a NUL byte included (`good.example\0.evil.example`
 * stays that, where [method@Gossl.X509Name.get_entry] refuses it), or the
 * stored bytes when OpenSSL cannot convert the string type. An unknown
 * @field fails with %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL when @self has
 *   no such entry (@error unset) or @field is unknown (@error set)
 *
 * Since: 0.2
 */
GBytes *
gossl_x509_name_get_entry_bytes (GosslX509Name  *self,
                                 const char     *field,
                                 GError        **error)
{
  X509_NAME_ENTRY *entry;

  g_return_val_if_fail (GOSSL_IS_X509_NAME (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  entry = find_entry (gossl_x509_name_get_native (self), field, error);
  return entry != NULL ? entry_to_bytes (entry) : NULL;
}

/**
 * gossl_x509_name_set_entry:
 * @self: a [class@Gossl.X509Name]
 * @field: an attribute name, short or long ("CN", "commonName", ...)
 * @value: (nullable): the new value in UTF-8, or %NULL to remove the entry
 * @error: return location for a [struct@GLib.Error]
 *
 * Replaces every entry of @field with one holding @value, added at the end
 * of the name. On a view the certificate's name changes. An unknown @field
 * fails with %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT; a value OpenSSL refuses
 * (a country code longer than two letters) with %GOSSL_CRYPTO_ERROR_FAILED,
 * leaving the name as it was.
 *
 * @value is a C string, which ends at its first NUL: a binding's string
 * holding one arrives cut short (`good.example\0.evil.example` as
 * `good.example`), so refuse such values before calling.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
gossl_x509_name_set_entry (GosslX509Name  *self,
                           const char     *field,
                           const char     *value,
                           GError        **error)
{
  g_autoptr(X509_NAME_ENTRY) entry = NULL;
  X509_NAME *name;
  int nid, index;

  g_return_val_if_fail (GOSSL_IS_X509_NAME (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  nid = lookup_field (field, error);
  if (nid == NID_undef)
    return FALSE;
  name = gossl_x509_name_get_native (self);
  if (name == NULL)
    {
      gossl_set_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT,
                       "The name is not available");
      return FALSE;
    }

  /* The new entry is made before the old ones go, so a value OpenSSL
   * refuses leaves the name untouched. */
  if (value != NULL)
    {
      ERR_clear_error ();
      entry = X509_NAME_ENTRY_create_by_NID (NULL, nid, MBSTRING_UTF8,
                                             (const unsigned char *) value, -1);
      if (entry == NULL)
        {
          gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                        "Could not set %s", field);
          return FALSE;
        }
    }

  while ((index = X509_NAME_get_index_by_NID (name, nid, -1)) >= 0)
    X509_NAME_ENTRY_free (X509_NAME_delete_entry (name, index));

  if (entry != NULL)
    {
      ERR_clear_error ();
      if (!X509_NAME_add_entry (name, entry, -1, 0))
        {
          gossl_set_error_from_openssl (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED,
                                        "Could not set %s", field);
          return FALSE;
        }
    }
  if (self->owner != NULL)
    gossl_x509_name_view_changed (self->owner, self->resolve);
  return TRUE;
}

/* OpenSSL's short name of the entry's attribute, or its dotted OID (in
 * @buf) when it has none. */
static const char *
entry_short_name (X509_NAME_ENTRY *entry, char *buf, int size)
{
  ASN1_OBJECT *object = X509_NAME_ENTRY_get_object (entry);
  int nid = OBJ_obj2nid (object);
  const char *sn = nid != NID_undef ? OBJ_nid2sn (nid) : NULL;

  if (sn != NULL)
    return sn;
  OBJ_obj2txt (buf, size, object, 1);
  return buf;
}

/**
 * gossl_x509_name_get_components:
 * @self: a [class@Gossl.X509Name]
 *
 * Every entry of the name in order, as (short attribute name, value) pairs.
 * An attribute OpenSSL has no short name for is given by its dotted OID. A
 * NUL byte in a value, which a string cannot carry, reads as U+FFFD here,
 * like bytes that are not UTF-8;
 * [method@Gossl.X509Name.get_components_bytes] gives the exact values.
 *
 * Returns: (transfer full): a [struct@GLib.Variant] of type `a(ss)`
 *
 * Since: 0.1
 */
GVariant *
gossl_x509_name_get_components (GosslX509Name *self)
{
  GVariantBuilder builder;
  X509_NAME *name;
  int count;

  g_return_val_if_fail (GOSSL_IS_X509_NAME (self), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ss)"));
  name = gossl_x509_name_get_native (self);
  count = name != NULL ? X509_NAME_entry_count (name) : 0;
  for (int i = 0; i < count; i++)
    {
      X509_NAME_ENTRY *entry = X509_NAME_get_entry (name, i);
      g_autofree char *value = entry_to_utf8 (entry, NULL);
      char oid[128];

      g_variant_builder_add (&builder, "(ss)", entry_short_name (entry, oid, sizeof oid), value);
    }
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/**
 * gossl_x509_name_get_components_bytes:
 * @self: a [class@Gossl.X509Name]
 *
 * Every entry of the name in order, as
 * [method@Gossl.X509Name.get_components] gives them, but with each value
 * exact, as [method@Gossl.X509Name.get_entry_bytes] reads it (NUL bytes
 * included).
 *
 * Returns: (transfer full): a [struct@GLib.Variant] of type `a(say)`
 *
 * Since: 0.2
 */
GVariant *
gossl_x509_name_get_components_bytes (GosslX509Name *self)
{
  GVariantBuilder builder;
  X509_NAME *name;
  int count;

  g_return_val_if_fail (GOSSL_IS_X509_NAME (self), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(say)"));
  name = gossl_x509_name_get_native (self);
  count = name != NULL ? X509_NAME_entry_count (name) : 0;
  for (int i = 0; i < count; i++)
    {
      X509_NAME_ENTRY *entry = X509_NAME_get_entry (name, i);
      g_autoptr(GBytes) value = entry_to_bytes (entry);
      char oid[128];

      g_variant_builder_add (&builder, "(s@ay)", entry_short_name (entry, oid, sizeof oid),
                             g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, value, TRUE));
    }
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/**
 * gossl_x509_name_to_string:
 * @self: a [class@Gossl.X509Name]
 *
 * The name in OpenSSL's one-line form (`X509_NAME_oneline()`):
 * `/C=US/O=Example/CN=example.com`. Characters outside ASCII are escaped.
 *
 * Returns: (transfer full): the text
 *
 * Since: 0.1
 */
char *
gossl_x509_name_to_string (GosslX509Name *self)
{
  X509_NAME *name;
  char *line;
  char *result;

  g_return_val_if_fail (GOSSL_IS_X509_NAME (self), NULL);

  name = gossl_x509_name_get_native (self);
  line = name != NULL ? X509_NAME_oneline (name, NULL, 0) : NULL;
  if (line == NULL)
    return g_strdup ("");
  result = g_strdup (line);
  OPENSSL_free (line);
  return result;
}

/**
 * gossl_x509_name_to_der:
 * @self: a [class@Gossl.X509Name]
 *
 * The DER encoding of the name.
 *
 * Returns: (transfer full): the encoded name
 *
 * Since: 0.1
 */
GByteArray *
gossl_x509_name_to_der (GosslX509Name *self)
{
  X509_NAME *name;
  unsigned char *der = NULL;
  GByteArray *array;
  int len;

  g_return_val_if_fail (GOSSL_IS_X509_NAME (self), NULL);

  name = gossl_x509_name_get_native (self);
  len = name != NULL ? i2d_X509_NAME (name, &der) : -1;
  if (len < 0)
    {
      ERR_clear_error ();
      return g_byte_array_new ();
    }
  array = g_byte_array_sized_new ((guint) len);
  g_byte_array_append (array, der, (guint) len);
  OPENSSL_free (der);
  return array;
}

/**
 * gossl_x509_name_compare:
 * @self: a [class@Gossl.X509Name]
 * @other: another [class@Gossl.X509Name]
 *
 * Orders two names as OpenSSL does (`X509_NAME_cmp()`).
 *
 * Returns: a negative number, 0 or a positive number as @self sorts
 *   before, equal to or after @other
 *
 * Since: 0.1
 */
int
gossl_x509_name_compare (GosslX509Name *self,
                         GosslX509Name *other)
{
  int result;

  g_return_val_if_fail (GOSSL_IS_X509_NAME (self), 0);
  g_return_val_if_fail (GOSSL_IS_X509_NAME (other), 0);

  result = X509_NAME_cmp (gossl_x509_name_get_native (self),
                          gossl_x509_name_get_native (other));
  return (result > 0) - (result < 0);
}

/**
 * gossl_x509_name_hash:
 * @self: a [class@Gossl.X509Name]
 *
 * The hash OpenSSL uses to name certificate files in a CA directory
 * (`c_rehash`).
 *
 * Returns: the hash, 0 if it could not be computed
 *
 * Since: 0.1
 */
gulong
gossl_x509_name_hash (GosslX509Name *self)
{
  X509_NAME *name;
  unsigned long hash;

  g_return_val_if_fail (GOSSL_IS_X509_NAME (self), 0);

  name = gossl_x509_name_get_native (self);
  if (name == NULL)
    return 0;
  hash = X509_NAME_hash_ex (name, NULL, NULL, NULL);
  ERR_clear_error ();
  return hash;
}

/* --- Lists of names (client CA lists) ----------------------------------- */

STACK_OF (X509_NAME) *
gossl_x509_name_stack_new (GosslX509Name * const  *names,
                           guint                   n_names,
                           GError                **error)
{
  STACK_OF (X509_NAME) *stack = sk_X509_NAME_new_reserve (NULL, (int) n_names);

  if (stack == NULL)
    g_error ("%s: out of memory", G_STRFUNC);
  for (guint i = 0; i < n_names; i++)
    {
      X509_NAME *name = GOSSL_IS_X509_NAME (names[i]) ? gossl_x509_name_get_native (names[i]) : NULL;
      X509_NAME *copy;

      /* Reachable from bindings with a null in the list. */
      if (name == NULL)
        {
          sk_X509_NAME_pop_free (stack, X509_NAME_free);
          gossl_set_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT,
                           "Item %u of the name list is not a name", i);
          return NULL;
        }
      copy = X509_NAME_dup (name);
      if (copy == NULL)
        g_error ("%s: out of memory", G_STRFUNC);
      sk_X509_NAME_push (stack, copy);
    }
  return stack;
}

GPtrArray *
gossl_x509_name_stack_wrap (const STACK_OF (X509_NAME) *stack)
{
  int n = stack != NULL ? sk_X509_NAME_num (stack) : 0;
  GPtrArray *result = g_ptr_array_new_full ((guint) MAX (n, 0), g_object_unref);

  for (int i = 0; i < n; i++)
    g_ptr_array_add (result, gossl_x509_name_new_from_native (sk_X509_NAME_value (stack, i)));
  return result;
}

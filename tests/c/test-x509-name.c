#include "gossl-test-util.h"

static void
assert_entry (GosslX509Name *name, const char *field, const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = gossl_x509_name_get_entry (name, field, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, expected);
}

static void
set_entry (GosslX509Name *name, const char *field, const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gossl_x509_name_set_entry (name, field, value, &error));
  g_assert_no_error (error);
}

static void
test_entries (void)
{
  g_autoptr(GosslX509Name) name = gossl_x509_name_new ();
  g_autofree char *text = NULL;

  g_assert_cmpstr ((text = gossl_x509_name_to_string (name)), ==, "");
  g_clear_pointer (&text, g_free);
  assert_entry (name, "CN", NULL);

  set_entry (name, "C", "US");
  set_entry (name, "commonName", "example.com");
  set_entry (name, "ST", "Texas");
  set_entry (name, "emailAddress", "me@example.com");

  /* Short and long names reach the same entry. */
  assert_entry (name, "CN", "example.com");
  assert_entry (name, "commonName", "example.com");
  assert_entry (name, "countryName", "US");
  assert_entry (name, "stateOrProvinceName", "Texas");
  assert_entry (name, "O", NULL);

  text = gossl_x509_name_to_string (name);
  g_assert_cmpstr (text, ==, "/C=US/CN=example.com/ST=Texas/emailAddress=me@example.com");
  g_clear_pointer (&text, g_free);

  /* Setting again replaces and moves the entry to the end (pyOpenSSL). */
  set_entry (name, "CN", "other.example");
  text = gossl_x509_name_to_string (name);
  g_assert_cmpstr (text, ==, "/C=US/ST=Texas/emailAddress=me@example.com/CN=other.example");
  g_clear_pointer (&text, g_free);

  /* NULL removes. */
  set_entry (name, "ST", NULL);
  assert_entry (name, "ST", NULL);
  set_entry (name, "L", NULL);
  text = gossl_x509_name_to_string (name);
  g_assert_cmpstr (text, ==, "/C=US/emailAddress=me@example.com/CN=other.example");
}

static void
test_utf8 (void)
{
  g_autoptr(GosslX509Name) name = gossl_x509_name_new ();
  g_autoptr(GVariant) components = NULL;
  const char *sn, *value;

  set_entry (name, "O", "Zürich Ĳ");
  assert_entry (name, "O", "Zürich Ĳ");
  components = gossl_x509_name_get_components (name);
  g_assert_cmpuint (g_variant_n_children (components), ==, 1);
  g_variant_get_child (components, 0, "(&s&s)", &sn, &value);
  g_assert_cmpstr (sn, ==, "O");
  g_assert_cmpstr (value, ==, "Zürich Ĳ");
}

static void
test_errors (void)
{
  g_autoptr(GosslX509Name) name = gossl_x509_name_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) queue = NULL;

  g_assert_null (gossl_x509_name_get_entry (name, "foo", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_x509_name_set_entry (name, "nosuchattr", "x", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* OpenSSL refuses a three-letter country, and the old value stays. */
  set_entry (name, "C", "DE");
  g_assert_false (gossl_x509_name_set_entry (name, "C", "USA", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  queue = gossl_error_get_openssl_errors ();
  g_assert_cmpuint (g_variant_n_children (queue), >=, 1);
  assert_entry (name, "C", "DE");
}

static void
test_components (void)
{
  g_autoptr(GosslX509Name) name = gossl_x509_name_new ();
  g_autoptr(GVariant) components = NULL;
  g_autoptr(GVariant) empty = NULL;
  g_autofree char *printed = NULL;

  empty = gossl_x509_name_get_components (name);
  g_assert_cmpstr (g_variant_get_type_string (empty), ==, "a(ss)");
  g_assert_cmpuint (g_variant_n_children (empty), ==, 0);

  set_entry (name, "CN", "a");
  set_entry (name, "O", "b");
  set_entry (name, "CN", "c");
  components = gossl_x509_name_get_components (name);
  printed = g_variant_print (components, FALSE);
  g_assert_cmpstr (printed, ==, "[('O', 'b'), ('CN', 'c')]");
}

static void
test_der_hash_compare (void)
{
  g_autoptr(GosslX509Name) a = gossl_x509_name_new ();
  g_autoptr(GosslX509Name) b = gossl_x509_name_new ();
  g_autoptr(GByteArray) der = NULL;
  /* pyOpenSSL 23: name.O = "b"; name.CN = "c"; name.der(), name.hash() */
  static const guint8 expected[] = {
    0x30, 0x18, 0x31, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x0c,
    0x01, 'b', 0x31, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c,
    0x01, 'c'
  };

  set_entry (a, "O", "b");
  set_entry (a, "CN", "c");
  der = gossl_x509_name_to_der (a);
  g_assert_cmpmem (der->data, der->len, expected, sizeof expected);
  g_assert_cmpuint (gossl_x509_name_hash (a), ==, 3702939956UL);

  g_assert_cmpint (gossl_x509_name_compare (a, a), ==, 0);
  set_entry (b, "O", "b");
  set_entry (b, "CN", "c");
  g_assert_cmpint (gossl_x509_name_compare (a, b), ==, 0);
  set_entry (b, "CN", "d");
  g_assert_cmpint (gossl_x509_name_compare (a, b), ==, -1);
  g_assert_cmpint (gossl_x509_name_compare (b, a), ==, 1);
}

static void
test_copy (void)
{
  g_autoptr(GosslX509Name) name = gossl_x509_name_new ();
  g_autoptr(GosslX509Name) copy = NULL;

  set_entry (name, "CN", "original");
  copy = gossl_x509_name_copy (name);
  g_assert_cmpint (gossl_x509_name_compare (name, copy), ==, 0);
  set_entry (copy, "CN", "changed");
  assert_entry (name, "CN", "original");
  assert_entry (copy, "CN", "changed");
}

/* A view outlives the certificate it was taken from. */
static void
test_view_outlives_owner (void)
{
  GosslX509 *cert = gossl_x509_new ();
  g_autoptr(GosslX509Name) subject = gossl_x509_get_subject (cert);
  GWeakRef ref;

  g_weak_ref_init (&ref, cert);
  set_entry (subject, "CN", "kept");
  g_object_unref (cert);
  {
    g_autoptr(GObject) alive = g_weak_ref_get (&ref);
    g_assert_nonnull (alive);
  }
  assert_entry (subject, "CN", "kept");
  set_entry (subject, "O", "still here");
  g_clear_object (&subject);
  {
    g_autoptr(GObject) gone = g_weak_ref_get (&ref);
    g_assert_null (gone);
  }
  g_weak_ref_clear (&ref);
}

/* A change through a view reaches the certificate's encoding. */
static void
test_view_changes_cert (void)
{
  g_autoptr(GosslPKey) key = gossl_test_rsa_key ();
  g_autoptr(GosslX509) cert = gossl_x509_new ();
  g_autoptr(GosslX509) loaded = NULL;
  g_autoptr(GosslX509) reloaded = NULL;
  g_autoptr(GosslX509Name) subject = NULL;
  g_autoptr(GosslX509Name) loaded_subject = NULL;
  g_autoptr(GosslX509Name) reloaded_subject = NULL;
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GByteArray) der2 = NULL;
  g_autoptr(GError) error = NULL;

  subject = gossl_x509_get_subject (cert);
  set_entry (subject, "CN", "first");
  g_assert_true (gossl_x509_gmtime_adj_not_before (cert, 0, &error));
  g_assert_true (gossl_x509_gmtime_adj_not_after (cert, 3600, &error));
  g_assert_true (gossl_x509_set_pubkey (cert, key, &error));
  g_assert_true (gossl_x509_sign (cert, key, "sha256", &error));
  g_assert_no_error (error);
  der = gossl_x509_to_data (cert, GOSSL_FILETYPE_ASN1, &error);
  g_assert_no_error (error);

  /* A certificate being built is encoded afresh each time. */
  set_entry (subject, "O", "org");
  {
    g_autoptr(GByteArray) pem = gossl_x509_to_data (cert, GOSSL_FILETYPE_PEM, &error);
    g_autoptr(GosslX509) back = NULL;
    g_autoptr(GosslX509Name) back_subject = NULL;

    g_assert_no_error (error);
    back = gossl_x509_new_from_data (GOSSL_FILETYPE_PEM, pem->data, pem->len, &error);
    g_assert_no_error (error);
    back_subject = gossl_x509_get_subject (back);
    assert_entry (back_subject, "O", "org");
    assert_entry (back_subject, "CN", "first");
  }

  loaded = gossl_x509_new_from_data (GOSSL_FILETYPE_ASN1, der->data, der->len, &error);
  g_assert_no_error (error);
  loaded_subject = gossl_x509_get_subject (loaded);
  assert_entry (loaded_subject, "CN", "first");
  set_entry (loaded_subject, "CN", "second");
  /* A parsed certificate keeps its DER until it is signed again (OpenSSL,
   * pyOpenSSL). */
  g_assert_true (gossl_x509_sign (loaded, key, "sha256", &error));
  g_assert_no_error (error);

  der2 = gossl_x509_to_data (loaded, GOSSL_FILETYPE_ASN1, &error);
  g_assert_no_error (error);
  reloaded = gossl_x509_new_from_data (GOSSL_FILETYPE_ASN1, der2->data, der2->len, &error);
  g_assert_no_error (error);
  reloaded_subject = gossl_x509_get_subject (reloaded);
  assert_entry (reloaded_subject, "CN", "second");
}

/* set_subject() replaces the X509_NAME inside the certificate: a view taken
 * before sees the new name, never the freed one. */
static void
test_view_after_set_subject (void)
{
  g_autoptr(GosslX509) cert = gossl_x509_new ();
  g_autoptr(GosslX509Name) view = gossl_x509_get_subject (cert);
  g_autoptr(GosslX509Name) issuer = gossl_x509_get_issuer (cert);
  g_autoptr(GosslX509Name) other = gossl_x509_name_new ();
  g_autoptr(GError) error = NULL;

  set_entry (view, "CN", "old");
  set_entry (other, "CN", "new");
  g_assert_true (gossl_x509_set_subject (cert, other, &error));
  g_assert_no_error (error);
  assert_entry (view, "CN", "new");

  /* The certificate holds a copy: changing @other afterwards does nothing. */
  set_entry (other, "CN", "later");
  assert_entry (view, "CN", "new");

  /* Setting a name from a view of the same certificate. */
  g_assert_true (gossl_x509_set_issuer (cert, view, &error));
  g_assert_true (gossl_x509_set_subject (cert, view, &error));
  g_assert_no_error (error);
  assert_entry (issuer, "CN", "new");
  set_entry (view, "CN", "subject only");
  assert_entry (issuer, "CN", "new");
  assert_entry (view, "CN", "subject only");
}

/* Every ASN.1 string type reads as OpenSSL's ASN1_STRING_to_UTF8() reads
 * it (the answer pyOpenSSL gives), the copy-only path for plain strings
 * included: 8-bit bytes in a PrintableString are Latin-1, BMPString is
 * UCS-2. (A UTF8String that is not UTF-8 cannot get this far: OpenSSL
 * refuses it when parsing and when copying a name.) */
static void
test_string_types (void)
{
  static const struct {
    int type;
    const char *bytes;
    int length;
    const char *expected;
  } cases[] = {
    { V_ASN1_UTF8STRING, "plain", 5, "plain" },
    { V_ASN1_UTF8STRING, "Z\xc3\xbcrich", 7, "Z\xc3\xbcrich" },
    { V_ASN1_PRINTABLESTRING, "Example Org", 11, "Example Org" },
    { V_ASN1_PRINTABLESTRING, "caf\xe9", 4, "caf\xc3\xa9" },
    { V_ASN1_PRINTABLESTRING, "\xc3\xa9", 2, "\xc3\x83\xc2\xa9" },
    { V_ASN1_IA5STRING, "a@example.org", 13, "a@example.org" },
    { V_ASN1_T61STRING, "caf\xe9", 4, "caf\xc3\xa9" },
    { V_ASN1_BMPSTRING, "\0h\0i", 4, "hi" },
    { V_ASN1_UTF8STRING, "", 0, "" },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(X509_NAME) native = X509_NAME_new ();
      g_autoptr(GosslX509Name) name = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *value = NULL;

      g_assert_true (X509_NAME_add_entry_by_NID (native, NID_organizationName, cases[i].type,
                                                 (const unsigned char *) cases[i].bytes,
                                                 cases[i].length, -1, 0));
      name = gossl_x509_name_new_from_native (native);
      value = gossl_x509_name_get_entry (name, "O", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (value, ==, cases[i].expected);
    }
}

/* The owners' entry shortcuts read what a view reads, follow
 * set_subject(), and report unknown fields as the name does. */
static void
test_owner_entry_shortcuts (void)
{
  g_autoptr(GosslX509) cert = gossl_x509_new ();
  g_autoptr(GosslX509Req) req = gossl_x509_req_new ();
  g_autoptr(GosslX509Name) subject = gossl_x509_get_subject (cert);
  g_autoptr(GosslX509Name) issuer = gossl_x509_get_issuer (cert);
  g_autoptr(GosslX509Name) req_subject = gossl_x509_req_get_subject (req);
  g_autoptr(GosslX509Name) other = gossl_x509_name_new ();
  g_autoptr(GError) error = NULL;
  char *value;

  value = gossl_x509_get_subject_entry (cert, "CN", &error);
  g_assert_no_error (error);
  g_assert_null (value);

  set_entry (subject, "CN", "subject \xc3\xa9");
  set_entry (issuer, "commonName", "issuer");
  set_entry (issuer, "O", "org");
  set_entry (req_subject, "emailAddress", "a@example.org");

  value = gossl_x509_get_subject_entry (cert, "commonName", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "subject \xc3\xa9");
  g_free (value);
  value = gossl_x509_get_issuer_entry (cert, "CN", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "issuer");
  g_free (value);
  value = gossl_x509_get_issuer_entry (cert, "C", &error);
  g_assert_no_error (error);
  g_assert_null (value);
  value = gossl_x509_req_get_subject_entry (req, "emailAddress", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "a@example.org");
  g_free (value);

  set_entry (other, "CN", "replaced");
  g_assert_true (gossl_x509_set_subject (cert, other, &error));
  g_assert_no_error (error);
  value = gossl_x509_get_subject_entry (cert, "CN", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "replaced");
  g_free (value);

  g_assert_null (gossl_x509_get_subject_entry (cert, "noSuchField", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_x509_get_issuer_entry (cert, "noSuchField", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_x509_req_get_subject_entry (req, "noSuchField", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

static GosslX509 *
load_nul_name_cert (void)
{
  g_autoptr(GBytes) pem = gossl_test_load_file ("nul-name.pem");
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (pem, &len);
  GosslX509 *cert = gossl_x509_new_from_data (GOSSL_FILETYPE_PEM, data, len, &error);

  g_assert_no_error (error);
  return cert;
}

static void
assert_nul_refused (char *value, GError **error)
{
  g_assert_error (*error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr ((*error)->message, "NUL"));
  g_assert_null (value);
  g_clear_error (error);
}

static void
assert_bytes (GBytes *bytes, const char *expected, gsize len)
{
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected, len);
}

/* Issue 11 item 8: a CN of "localhost\0.evil.com" read back with U+FFFD in
 * place of the NUL. The string getters now refuse it; the bytes getters
 * give it exactly. */
static void
test_nul_inside (void)
{
  static const char cn[] = "localhost\0.evil.com";
  g_autoptr(GosslX509) cert = load_nul_name_cert ();
  g_autoptr(GosslX509Name) subject = gossl_x509_get_subject (cert);
  g_autoptr(GosslX509Name) copy = gossl_x509_name_copy (subject);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GVariant) components = NULL;
  g_autoptr(GVariant) exact = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GError) error = NULL;
  const char *sn = NULL;

  assert_nul_refused (gossl_x509_name_get_entry (subject, "CN", &error), &error);
  assert_nul_refused (gossl_x509_name_get_entry (copy, "commonName", &error), &error);
  assert_nul_refused (gossl_x509_get_subject_entry (cert, "CN", &error), &error);
  /* The other entries read as ever. */
  assert_entry (subject, "O", "gossl test");
  assert_entry (subject, "OU", NULL);

  bytes = gossl_x509_name_get_entry_bytes (subject, "CN", &error);
  g_assert_no_error (error);
  assert_bytes (bytes, cn, sizeof cn - 1);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = gossl_x509_name_get_entry_bytes (copy, "O", &error);
  g_assert_no_error (error);
  assert_bytes (bytes, "gossl test", 10);
  g_assert_null (gossl_x509_name_get_entry_bytes (subject, "OU", &error));
  g_assert_no_error (error);
  g_assert_null (gossl_x509_name_get_entry_bytes (subject, "no such field", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* The string form marks the NUL as U+FFFD; the bytes form is exact. */
  components = gossl_x509_name_get_components (subject);
  g_assert_cmpuint (g_variant_n_children (components), ==, 2);
  g_variant_get_child (components, 1, "(&s@s)", &sn, &value);
  g_assert_cmpstr (sn, ==, "CN");
  g_assert_cmpstr (g_variant_get_string (value, NULL), ==, "localhost\xef\xbf\xbd.evil.com");
  g_clear_pointer (&value, g_variant_unref);
  exact = gossl_x509_name_get_components_bytes (subject);
  g_assert_cmpstr (g_variant_get_type_string (exact), ==, "a(say)");
  g_assert_cmpuint (g_variant_n_children (exact), ==, 2);
  g_variant_get_child (exact, 0, "(&s@ay)", &sn, &value);
  g_assert_cmpstr (sn, ==, "O");
  g_assert_cmpmem (g_variant_get_data (value), g_variant_get_size (value), "gossl test", 10);
  g_clear_pointer (&value, g_variant_unref);
  g_variant_get_child (exact, 1, "(&s@ay)", &sn, &value);
  g_assert_cmpstr (sn, ==, "CN");
  g_assert_cmpmem (g_variant_get_data (value), g_variant_get_size (value), cn, sizeof cn - 1);
}

/* The bytes getter reads every string type as OpenSSL converts it, NULs
 * included; the string getter agrees where a string can hold the value. */
static void
test_entry_bytes_string_types (void)
{
  g_autoptr(X509_NAME) native = X509_NAME_new ();
  g_autoptr(GosslX509Name) name = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  /* BMPString "h" U+0000 "i". */
  g_assert_true (X509_NAME_add_entry_by_NID (native, NID_organizationName, V_ASN1_BMPSTRING,
                                             (const unsigned char *) "\0h\0\0\0i", 6, -1, 0));
  g_assert_true (X509_NAME_add_entry_by_NID (native, NID_commonName, V_ASN1_PRINTABLESTRING,
                                             (const unsigned char *) "caf\xe9", 4, -1, 0));
  name = gossl_x509_name_new_from_native (native);
  bytes = gossl_x509_name_get_entry_bytes (name, "O", &error);
  g_assert_no_error (error);
  assert_bytes (bytes, "h\0i", 3);
  assert_nul_refused (gossl_x509_name_get_entry (name, "O", &error), &error);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = gossl_x509_name_get_entry_bytes (name, "CN", &error);
  g_assert_no_error (error);
  assert_bytes (bytes, "caf\xc3\xa9", 5);
  assert_entry (name, "CN", "caf\xc3\xa9");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/x509-name/entries", test_entries);
  g_test_add_func ("/x509-name/utf8", test_utf8);
  g_test_add_func ("/x509-name/errors", test_errors);
  g_test_add_func ("/x509-name/components", test_components);
  g_test_add_func ("/x509-name/der-hash-compare", test_der_hash_compare);
  g_test_add_func ("/x509-name/copy", test_copy);
  g_test_add_func ("/x509-name/view-outlives-owner", test_view_outlives_owner);
  g_test_add_func ("/x509-name/view-changes-cert", test_view_changes_cert);
  g_test_add_func ("/x509-name/view-after-set-subject", test_view_after_set_subject);
  g_test_add_func ("/x509-name/string-types", test_string_types);
  g_test_add_func ("/x509-name/owner-entry-shortcuts", test_owner_entry_shortcuts);
  g_test_add_func ("/x509-name/nul-inside", test_nul_inside);
  g_test_add_func ("/x509-name/entry-bytes-string-types", test_entry_bytes_string_types);

  return g_test_run ();
}

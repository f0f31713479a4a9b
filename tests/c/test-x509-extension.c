#include "gossl-test-util.h"

static GosslX509Extension *
make (const char *type, gboolean critical, const char *value,
      GosslX509 *subject, GosslX509 *issuer)
{
  g_autoptr(GError) error = NULL;
  GosslX509Extension *ext = gossl_x509_extension_new (type, critical, value,
                                                      subject, issuer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ext);
  return ext;
}

static void
assert_text (GosslX509Extension *ext, const char *expected)
{
  g_autofree char *text = gossl_x509_extension_to_string (ext);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_data (GosslX509Extension *ext, const guint8 *expected, gsize len)
{
  g_autoptr(GByteArray) data = gossl_x509_extension_get_data (ext);

  g_assert_cmpmem (data->data, data->len, expected, len);
}

/* Expected values from pyOpenSSL 23 (str(), get_data()). */
static void
test_basic_constraints (void)
{
  g_autoptr(GosslX509Extension) ca = make ("basicConstraints", TRUE, "CA:TRUE", NULL, NULL);
  g_autoptr(GosslX509Extension) path = make ("basicConstraints", FALSE, "CA:TRUE,pathlen:0",
                                             NULL, NULL);
  static const guint8 ca_der[] = { 0x30, 0x03, 0x01, 0x01, 0xff };
  static const guint8 path_der[] = { 0x30, 0x06, 0x01, 0x01, 0xff, 0x02, 0x01, 0x00 };

  g_assert_true (gossl_x509_extension_get_critical (ca));
  g_assert_cmpstr (gossl_x509_extension_get_short_name (ca), ==, "basicConstraints");
  assert_data (ca, ca_der, sizeof ca_der);
  assert_text (ca, "CA:TRUE");

  g_assert_false (gossl_x509_extension_get_critical (path));
  assert_data (path, path_der, sizeof path_der);
  assert_text (path, "CA:TRUE, pathlen:0");
}

static void
test_subject_alt_name (void)
{
  g_autoptr(GosslX509Extension) one = make ("subjectAltName", FALSE, "DNS:example.com",
                                            NULL, NULL);
  g_autoptr(GosslX509Extension) many = make ("subjectAltName", FALSE,
                                             "DNS:example.com,IP:127.0.0.1,email:a@b.c",
                                             NULL, NULL);
  static const guint8 one_der[] = {
    0x30, 0x0d, 0x82, 0x0b, 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'c', 'o', 'm'
  };

  g_assert_false (gossl_x509_extension_get_critical (one));
  g_assert_cmpstr (gossl_x509_extension_get_short_name (one), ==, "subjectAltName");
  assert_data (one, one_der, sizeof one_der);
  assert_text (one, "DNS:example.com");
  assert_text (many, "DNS:example.com, IP Address:127.0.0.1, email:a@b.c");
}

static void
test_key_usage (void)
{
  g_autoptr(GosslX509Extension) ext = make ("keyUsage", TRUE, "digitalSignature,keyCertSign",
                                            NULL, NULL);
  static const guint8 der[] = { 0x03, 0x02, 0x02, 0x84 };

  g_assert_true (gossl_x509_extension_get_critical (ext));
  g_assert_cmpstr (gossl_x509_extension_get_short_name (ext), ==, "keyUsage");
  assert_data (ext, der, sizeof der);
  assert_text (ext, "Digital Signature, Certificate Sign");
}

static void
test_key_identifiers (void)
{
  g_autoptr(GosslPKey) key = gossl_test_rsa_key ();
  g_autoptr(GosslX509) cert = gossl_x509_new ();
  g_autoptr(GosslX509Extension) skid = NULL;
  g_autoptr(GosslX509Extension) akid = NULL;
  g_autoptr(GByteArray) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *skid_text = NULL;
  g_autofree char *akid_text = NULL;

  /* "hash" needs the subject's key. */
  g_assert_null (gossl_x509_extension_new ("subjectKeyIdentifier", FALSE, "hash",
                                           NULL, NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "no subject details"));
  g_clear_error (&error);

  g_assert_true (gossl_x509_set_pubkey (cert, key, &error));
  skid = make ("subjectKeyIdentifier", FALSE, "hash", cert, NULL);
  g_assert_cmpstr (gossl_x509_extension_get_short_name (skid), ==, "subjectKeyIdentifier");
  data = gossl_x509_extension_get_data (skid);
  /* An OCTET STRING of the 20-byte SHA-1 of the key. */
  g_assert_cmpuint (data->len, ==, 22);
  g_assert_cmpuint (data->data[0], ==, 0x04);
  g_assert_cmpuint (data->data[1], ==, 20);
  skid_text = gossl_x509_extension_to_string (skid);
  g_assert_cmpuint (strlen (skid_text), ==, 20 * 3 - 1);

  /* The issuer's key identifier comes from its subjectKeyIdentifier. */
  g_assert_true (gossl_x509_add_extension (cert, skid, &error));
  g_assert_no_error (error);
  akid = make ("authorityKeyIdentifier", FALSE, "keyid:always", NULL, cert);
  akid_text = gossl_x509_extension_to_string (akid);
  g_assert_nonnull (strstr (akid_text, skid_text));
}

static void
test_errors (void)
{
  const char *cases[][2] = {
    { "bogus", "x" },
    { "basicConstraints", "garbage" },
    { "subjectAltName", "NOPE:x" },
    { "keyUsage", "noSuchUsage" },
    { "basicConstraints", "@section" },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (int critical = 0; critical <= 1; critical++)
      {
        g_autoptr(GVariant) queue = NULL;

        g_assert_null (gossl_x509_extension_new (cases[i][0], critical, cases[i][1],
                                                 NULL, NULL, &error));
        g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
        queue = gossl_error_get_openssl_errors ();
        g_assert_cmpuint (g_variant_n_children (queue), >=, 1);
        g_clear_error (&error);
      }

  g_assert_null (gossl_x509_extension_new ("bogus", FALSE, "x", NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "unknown extension name"));
}

/* An extension survives the certificate it was copied from. */
static void
test_from_cert (void)
{
  g_autoptr(GosslX509) cert = gossl_x509_new ();
  g_autoptr(GosslX509Extension) ext = make ("subjectAltName", TRUE, "DNS:example.com",
                                            NULL, NULL);
  g_autoptr(GosslX509Extension) back = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (gossl_x509_add_extension (cert, ext, &error));
  g_assert_no_error (error);
  back = gossl_x509_get_extension (cert, 0, &error);
  g_assert_no_error (error);
  g_clear_object (&cert);
  g_assert_true (gossl_x509_extension_get_critical (back));
  assert_text (back, "DNS:example.com");
}

/* Issue 11 item 8: OpenSSL refuses to print a subjectAltName with a NUL
 * inside a name, and str() became a dump of the DER ("0*..localhost.."). */
static void
test_alt_name_with_nul (void)
{
  g_autoptr(GBytes) pem = gossl_test_load_file ("nul-name.pem");
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslX509) cert = gossl_x509_new_from_data (GOSSL_FILETYPE_PEM,
                                                        g_bytes_get_data (pem, NULL),
                                                        g_bytes_get_size (pem), &error);
  g_autoptr(GosslX509Extension) san = NULL;

  g_assert_no_error (error);
  san = gossl_x509_get_extension (cert, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gossl_x509_extension_get_short_name (san), ==, "subjectAltName");
  assert_text (san, "DNS:localhost\\x00.evil.com, DNS:plain.example, IP Address:127.0.0.1");
}

/* Issue 11 item 14: an extension made with g_object_new() (a binding's
 * Gossl.X509Extension()) said "illegal zero content: malloc failure" when
 * added. */
static void
test_add_empty (void)
{
  g_autoptr(GosslX509Extension) empty = g_object_new (GOSSL_TYPE_X509_EXTENSION, NULL);
  g_autoptr(GosslX509Extension) good = make ("basicConstraints", TRUE, "CA:TRUE", NULL, NULL);
  g_autoptr(GosslX509) cert = gossl_x509_new ();
  g_autoptr(GosslX509Req) req = gossl_x509_req_new ();
  g_autoptr(GPtrArray) requested = NULL;
  g_autoptr(GError) error = NULL;
  GosslX509Extension *both[] = { good, empty };

  g_assert_false (gossl_x509_add_extension (cert, empty, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "empty"));
  g_assert_null (strstr (error->message, "malloc"));
  g_clear_error (&error);
  g_assert_cmpuint (gossl_x509_get_extension_count (cert), ==, 0);

  /* All or nothing: the good one is not added either. */
  g_assert_false (gossl_x509_req_add_extensions (req, both, G_N_ELEMENTS (both), &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);
  requested = gossl_x509_req_get_extensions (req, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requested->len, ==, 0);

  /* The good one still goes in, and the empty one reads as nothing. */
  g_assert_true (gossl_x509_add_extension (cert, good, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gossl_x509_extension_get_short_name (empty), ==, "UNDEF");
}

static GosslX509Extension *
wrap_ia5 (int nid, const char *bytes, int len)
{
  ASN1_IA5STRING *text = ASN1_IA5STRING_new ();
  X509_EXTENSION *ext;

  g_assert_true (ASN1_STRING_set (text, bytes, len));
  ext = X509V3_EXT_i2d (nid, 0, text);
  ASN1_IA5STRING_free (text);
  g_assert_nonnull (ext);
  return gossl_x509_extension_new_from_native (ext);
}

/* A NUL inside a Netscape string extension printed the text cut at the
 * NUL ("a\0b" as "a"); one inside an issuerAltName a dump of the DER. */
static void
test_strings_with_nul (void)
{
  g_autoptr(GosslX509Extension) comment = wrap_ia5 (NID_netscape_comment, "a\0b\\", 4);
  g_autoptr(GosslX509Extension) url = wrap_ia5 (NID_netscape_base_url, "http://x\0y", 10);
  g_autoptr(GosslX509Extension) plain = wrap_ia5 (NID_netscape_comment, "a b\\", 4);
  g_autoptr(GosslX509Extension) ian = NULL;
  GENERAL_NAMES *names = sk_GENERAL_NAME_new_null ();
  GENERAL_NAME *email = GENERAL_NAME_new ();
  ASN1_IA5STRING *address = ASN1_IA5STRING_new ();
  X509_EXTENSION *native;

  assert_text (comment, "a\\x00b\\x5c");
  assert_text (url, "http://x\\x00y");
  /* Without a NUL, OpenSSL's own printing, unescaped. */
  assert_text (plain, "a b\\");

  g_assert_true (ASN1_STRING_set (address, "x@y\0z", 5));
  GENERAL_NAME_set0_value (email, GEN_EMAIL, address);
  g_assert_true (sk_GENERAL_NAME_push (names, email));
  native = X509V3_EXT_i2d (NID_issuer_alt_name, 0, names);
  GENERAL_NAMES_free (names);
  g_assert_nonnull (native);
  ian = gossl_x509_extension_new_from_native (native);
  assert_text (ian, "email:x@y\\x00z");
}

static void
assert_bytes (GosslX509Extension *ext, const char *expected, gsize len)
{
  g_autoptr(GBytes) bytes = gossl_x509_extension_to_bytes (ext);

  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected, len);
}

/* to_bytes() writes what to_string() escapes as the certificate holds it. */
static void
test_to_bytes (void)
{
  static const char san_text[] =
    "DNS:localhost\0.evil.com, DNS:plain.example, IP Address:127.0.0.1";
  g_autoptr(GBytes) pem = gossl_test_load_file ("nul-name.pem");
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslX509) cert = gossl_x509_new_from_data (GOSSL_FILETYPE_PEM,
                                                        g_bytes_get_data (pem, NULL),
                                                        g_bytes_get_size (pem), &error);
  g_autoptr(GosslX509Extension) san = NULL;
  g_autoptr(GosslX509Extension) comment = wrap_ia5 (NID_netscape_comment, "a\0b\\", 4);
  g_autoptr(GosslX509Extension) basic = make ("basicConstraints", TRUE, "CA:TRUE", NULL, NULL);
  g_autoptr(GosslX509Extension) empty = g_object_new (GOSSL_TYPE_X509_EXTENSION, NULL);

  g_assert_no_error (error);
  san = gossl_x509_get_extension (cert, 0, &error);
  g_assert_no_error (error);
  assert_bytes (san, san_text, sizeof san_text - 1);
  assert_bytes (comment, "a\0b\\", 4);
  assert_bytes (basic, "CA:TRUE", 7);
  assert_bytes (empty, "", 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/x509-extension/basic-constraints", test_basic_constraints);
  g_test_add_func ("/x509-extension/subject-alt-name", test_subject_alt_name);
  g_test_add_func ("/x509-extension/key-usage", test_key_usage);
  g_test_add_func ("/x509-extension/key-identifiers", test_key_identifiers);
  g_test_add_func ("/x509-extension/errors", test_errors);
  g_test_add_func ("/x509-extension/from-cert", test_from_cert);
  g_test_add_func ("/x509-extension/alt-name-with-nul", test_alt_name_with_nul);
  g_test_add_func ("/x509-extension/add-empty", test_add_empty);
  g_test_add_func ("/x509-extension/strings-with-nul", test_strings_with_nul);
  g_test_add_func ("/x509-extension/to-bytes", test_to_bytes);

  return g_test_run ();
}

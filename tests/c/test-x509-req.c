#include "gossl-test-util.h"

static GosslX509Req *
load_req (const char *name, GosslFiletype type)
{
  g_autoptr(GBytes) bytes = gossl_test_load_file (name);
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  GosslX509Req *req = gossl_x509_req_new_from_data (type, data, len, &error);

  g_assert_no_error (error);
  g_assert_nonnull (req);
  return req;
}

static GosslPKey *
load_key (const char *name)
{
  g_autoptr(GBytes) bytes = gossl_test_load_file (name);
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  GosslPKey *key = gossl_pkey_new_from_data (GOSSL_FILETYPE_PEM, data, len, NULL, 0, &error);

  g_assert_no_error (error);
  return key;
}

static char *
subject_entry (GosslX509Req *req, const char *field)
{
  g_autoptr(GosslX509Name) subject = gossl_x509_req_get_subject (req);
  g_autoptr(GError) error = NULL;
  char *value = gossl_x509_name_get_entry (subject, field, &error);

  g_assert_no_error (error);
  return value;
}

static void
test_load (void)
{
  g_autoptr(GosslX509Req) pem = load_req ("server.csr", GOSSL_FILETYPE_PEM);
  g_autoptr(GosslX509Req) der = load_req ("server.csr.der", GOSSL_FILETYPE_ASN1);
  g_autoptr(GosslPKey) server_key = load_key ("server.key");
  g_autoptr(GosslPKey) pubkey = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cn = subject_entry (pem, "CN");
  g_autofree char *locality = subject_entry (der, "L");
  g_autofree char *missing = subject_entry (pem, "OU");

  g_assert_cmpstr (cn, ==, "localhost");
  g_assert_cmpstr (locality, ==, "Boston");
  g_assert_null (missing);
  g_assert_cmpint (gossl_x509_req_get_version (pem), ==, 0);

  pubkey = gossl_x509_req_get_pubkey (pem, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gossl_pkey_get_key_type (pubkey), ==, GOSSL_KEY_TYPE_RSA);
  g_assert_cmpuint (gossl_pkey_get_bits (pubkey), ==, 2048);
  g_assert_false (gossl_pkey_has_private (pubkey));

  g_assert_true (gossl_x509_req_verify (pem, pubkey, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_x509_req_verify (der, server_key, &error));
  g_assert_no_error (error);
}

static void
test_round_trip (void)
{
  const struct { const char *file; GosslFiletype type; } cases[] = {
    { "server.csr", GOSSL_FILETYPE_PEM },
    { "server.csr.der", GOSSL_FILETYPE_ASN1 },
    { "client.csr", GOSSL_FILETYPE_PEM },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) original = gossl_test_load_file (cases[i].file);
      g_autoptr(GosslX509Req) req = load_req (cases[i].file, cases[i].type);
      g_autoptr(GError) error = NULL;
      g_autoptr(GByteArray) out = gossl_x509_req_to_data (req, cases[i].type, &error);
      gsize len;
      const guint8 *data = g_bytes_get_data (original, &len);

      g_assert_no_error (error);
      g_assert_cmpmem (out->data, out->len, data, len);
    }

  /* PEM and DER of the same request are the same request */
  {
    g_autoptr(GosslX509Req) pem = load_req ("server.csr", GOSSL_FILETYPE_PEM);
    g_autoptr(GBytes) der = gossl_test_load_file ("server.csr.der");
    g_autoptr(GError) error = NULL;
    g_autoptr(GByteArray) out = gossl_x509_req_to_data (pem, GOSSL_FILETYPE_ASN1, &error);
    gsize len;
    const guint8 *data = g_bytes_get_data (der, &len);

    g_assert_no_error (error);
    g_assert_cmpmem (out->data, out->len, data, len);
    g_assert_null (gossl_x509_req_to_data (pem, 7, &error));
    g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  }
}

static void
test_build_and_sign (void)
{
  g_autoptr(GosslX509Req) req = gossl_x509_req_new ();
  g_autoptr(GosslPKey) key = gossl_test_rsa_key ();
  g_autoptr(GosslX509Name) subject = NULL;
  g_autoptr(GosslX509Req) back = NULL;
  g_autoptr(GByteArray) pem = NULL;
  g_autoptr(GosslPKey) pubkey = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cn = NULL;
  g_autofree char *org = NULL;

  g_assert_cmpint (gossl_x509_req_get_version (req), ==, 0);
  g_assert_true (gossl_x509_req_set_version (req, 0, &error));
  g_assert_no_error (error);

  subject = gossl_x509_req_get_subject (req);
  g_assert_true (gossl_x509_name_set_entry (subject, "CN", "example.org", &error));
  g_assert_no_error (error);
  g_assert_true (gossl_x509_name_set_entry (subject, "O", "gossl", &error));
  g_assert_no_error (error);

  g_assert_true (gossl_x509_req_set_pubkey (req, key, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_x509_req_sign (req, key, "sha256", &error));
  g_assert_no_error (error);
  g_assert_true (gossl_x509_req_verify (req, key, &error));
  g_assert_no_error (error);

  pem = gossl_x509_req_to_data (req, GOSSL_FILETYPE_PEM, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix ((const char *) pem->data, "-----BEGIN CERTIFICATE REQUEST-----"));
  back = gossl_x509_req_new_from_data (GOSSL_FILETYPE_PEM, pem->data, pem->len, &error);
  g_assert_no_error (error);
  cn = subject_entry (back, "commonName");
  org = subject_entry (back, "O");
  g_assert_cmpstr (cn, ==, "example.org");
  g_assert_cmpstr (org, ==, "gossl");
  pubkey = gossl_x509_req_get_pubkey (back, &error);
  g_assert_no_error (error);
  g_assert_true (gossl_x509_req_verify (back, pubkey, &error));
  g_assert_no_error (error);

  /* other digests and key types */
  g_assert_true (gossl_x509_req_sign (req, key, "SHA512", &error));
  g_assert_no_error (error);
  g_assert_true (gossl_x509_req_verify (req, key, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GosslPKey) ec = load_key ("ecdsa.key");

    g_assert_true (gossl_x509_req_set_pubkey (req, ec, &error));
    g_assert_no_error (error);
    g_assert_true (gossl_x509_req_sign (req, ec, "sha384", &error));
    g_assert_no_error (error);
    g_assert_true (gossl_x509_req_verify (req, ec, &error));
    g_assert_no_error (error);
  }
}

static void
test_ed25519 (void)
{
  g_autoptr(GosslX509Req) req = gossl_x509_req_new ();
  g_autoptr(GosslPKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EVP_PKEY) native = EVP_PKEY_Q_keygen (NULL, NULL, "ED25519");
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());
  char *pem = NULL;
  long pem_len;

  /* The native accessors are not exported: go through PEM. */
  g_assert_nonnull (native);
  g_assert_cmpint (PEM_write_bio_PrivateKey (bio, native, NULL, NULL, 0, NULL, NULL), ==, 1);
  pem_len = BIO_get_mem_data (bio, &pem);
  key = gossl_pkey_new_from_data (GOSSL_FILETYPE_PEM, (const guint8 *) pem, pem_len, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gossl_pkey_get_key_type (key), ==, GOSSL_KEY_TYPE_ED25519);
  g_assert_true (gossl_x509_req_set_pubkey (req, key, &error));
  g_assert_no_error (error);
  /* Ed25519 takes no digest: the name given is not used */
  g_assert_true (gossl_x509_req_sign (req, key, "sha256", &error));
  g_assert_no_error (error);
  g_assert_true (gossl_x509_req_verify (req, key, &error));
  g_assert_no_error (error);
}

/* The view keeps the request alive, and sees later changes to it. */
static void
test_subject_view (void)
{
  GosslX509Req *req = gossl_x509_req_new ();
  GosslX509Name *subject = gossl_x509_req_get_subject (req);
  g_autoptr(GosslX509Name) second = gossl_x509_req_get_subject (req);
  g_autoptr(GError) error = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *after = NULL;

  g_object_add_weak_pointer (G_OBJECT (req), (gpointer *) &req);
  g_assert_true (gossl_x509_name_set_entry (subject, "CN", "one", &error));
  g_assert_no_error (error);
  seen = gossl_x509_name_get_entry (second, "CN", &error);
  g_assert_cmpstr (seen, ==, "one");

  g_object_unref (req);
  g_assert_nonnull (req); /* still held by the views */
  g_assert_true (gossl_x509_name_set_entry (subject, "CN", "two", &error));
  g_assert_no_error (error);
  after = gossl_x509_name_get_entry (second, "CN", &error);
  g_assert_cmpstr (after, ==, "two");

  g_object_unref (subject);
  g_clear_object (&second);
  g_assert_null (req);
}

static void
test_version (void)
{
  g_autoptr(GosslX509Req) req = gossl_x509_req_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (gossl_x509_req_set_version (req, 2, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_x509_req_set_version (req, -1, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (gossl_x509_req_get_version (req), ==, 0);
}

static void
test_pubkey_errors (void)
{
  g_autoptr(GosslX509Req) req = gossl_x509_req_new ();
  g_autoptr(GosslPKey) empty = gossl_pkey_new ();
  g_autoptr(GError) error = NULL;

  /* a new request has no key */
  g_assert_null (gossl_x509_req_get_pubkey (req, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_false (gossl_x509_req_set_pubkey (req, empty, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

static void
test_sign_errors (void)
{
  g_autoptr(GosslX509Req) req = gossl_x509_req_new ();
  g_autoptr(GosslX509Req) loaded = load_req ("server.csr", GOSSL_FILETYPE_PEM);
  g_autoptr(GosslPKey) key = gossl_test_rsa_key ();
  g_autoptr(GosslPKey) empty = gossl_pkey_new ();
  g_autoptr(GosslPKey) public_only = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (gossl_x509_req_set_pubkey (req, key, &error));
  g_assert_no_error (error);

  g_assert_false (gossl_x509_req_sign (req, key, "no-such-digest", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_x509_req_sign (req, key, NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_x509_req_sign (req, empty, "sha256", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  public_only = gossl_x509_req_get_pubkey (loaded, &error);
  g_assert_no_error (error);
  g_assert_false (gossl_x509_req_sign (req, public_only, "sha256", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (gossl_x509_req_verify (req, empty, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

static void
assert_verify_fails (GosslX509Req *req, GosslPKey *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) queue = NULL;

  g_assert_false (gossl_x509_req_verify (req, key, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  queue = gossl_error_get_openssl_errors ();
  g_assert_cmpuint (g_variant_n_children (queue), >, 0);
}

static void
test_verify_fails (void)
{
  g_autoptr(GosslX509Req) req = load_req ("server.csr", GOSSL_FILETYPE_PEM);
  g_autoptr(GosslX509Req) unsigned_req = gossl_x509_req_new ();
  g_autoptr(GosslPKey) other_rsa = load_key ("client.key");
  g_autoptr(GosslPKey) ec = load_key ("ecdsa.key");
  g_autoptr(GosslPKey) server_key = load_key ("server.key");
  g_autoptr(GBytes) der = gossl_test_load_file ("server.csr.der");
  g_autoptr(GosslX509Req) tampered = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *bytes = NULL;
  gsize len;

  assert_verify_fails (req, other_rsa); /* wrong key, same algorithm */
  assert_verify_fails (req, ec);        /* wrong key type */

  /* a request whose signature's last byte is changed */
  bytes = g_bytes_unref_to_data (g_bytes_ref (der), &len);
  bytes[len - 1] ^= 0x01;
  tampered = gossl_x509_req_new_from_data (GOSSL_FILETYPE_ASN1, bytes, len, &error);
  g_assert_no_error (error);
  assert_verify_fails (tampered, server_key);

  /* and one that was never signed */
  g_assert_true (gossl_x509_req_set_pubkey (unsigned_req, server_key, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GError) verify_error = NULL;

    g_assert_false (gossl_x509_req_verify (unsigned_req, server_key, &verify_error));
    g_assert_error (verify_error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  }
}

static GosslX509Extension *
make_extension (const char *type_name, gboolean critical, const char *value)
{
  g_autoptr(GError) error = NULL;
  GosslX509Extension *ext = gossl_x509_extension_new (type_name, critical, value, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ext);
  return ext;
}

static void
test_extensions_loaded (void)
{
  g_autoptr(GosslX509Req) server = load_req ("server.csr", GOSSL_FILETYPE_PEM);
  g_autoptr(GosslX509Req) client = load_req ("client.csr", GOSSL_FILETYPE_PEM);
  g_autoptr(GPtrArray) exts = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *san = NULL;

  exts = gossl_x509_req_get_extensions (server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exts->len, ==, 2);
  g_assert_cmpstr (gossl_x509_extension_get_short_name (exts->pdata[0]), ==, "subjectAltName");
  g_assert_false (gossl_x509_extension_get_critical (exts->pdata[0]));
  san = gossl_x509_extension_to_string (exts->pdata[0]);
  g_assert_cmpstr (san, ==, "DNS:localhost, IP Address:127.0.0.1");
  g_assert_cmpstr (gossl_x509_extension_get_short_name (exts->pdata[1]), ==, "keyUsage");
  g_assert_true (gossl_x509_extension_get_critical (exts->pdata[1]));

  none = gossl_x509_req_get_extensions (client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  /* adding to a loaded request keeps what it had */
  {
    g_autoptr(GosslX509Extension) bc = make_extension ("basicConstraints", TRUE, "CA:FALSE");
    GosslX509Extension *more[] = { bc };
    g_autoptr(GPtrArray) after = NULL;

    g_assert_true (gossl_x509_req_add_extensions (server, more, 1, &error));
    g_assert_no_error (error);
    after = gossl_x509_req_get_extensions (server, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (after->len, ==, 3);
    g_assert_cmpstr (gossl_x509_extension_get_short_name (after->pdata[0]), ==, "subjectAltName");
    g_assert_cmpstr (gossl_x509_extension_get_short_name (after->pdata[2]), ==, "basicConstraints");
  }
}

static void
test_extensions_add (void)
{
  g_autoptr(GosslX509Req) req = gossl_x509_req_new ();
  g_autoptr(GosslPKey) key = gossl_test_rsa_key ();
  g_autoptr(GosslX509Extension) bc = make_extension ("basicConstraints", TRUE, "CA:FALSE");
  g_autoptr(GosslX509Extension) san = make_extension ("subjectAltName", FALSE, "DNS:example.org");
  g_autoptr(GosslX509Extension) ku = make_extension ("keyUsage", FALSE, "digitalSignature");
  GosslX509Extension *first[] = { bc, san };
  GosslX509Extension *second[] = { ku };
  g_autoptr(GPtrArray) exts = NULL;
  g_autoptr(GPtrArray) reloaded_exts = NULL;
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GosslX509Req) reloaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (gossl_x509_req_add_extensions (req, NULL, 0, &error));
  g_assert_no_error (error);
  exts = gossl_x509_req_get_extensions (req, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exts->len, ==, 0);
  g_clear_pointer (&exts, g_ptr_array_unref);

  g_assert_true (gossl_x509_req_add_extensions (req, first, G_N_ELEMENTS (first), &error));
  g_assert_no_error (error);
  /* a second call adds to the first one's */
  g_assert_true (gossl_x509_req_add_extensions (req, second, G_N_ELEMENTS (second), &error));
  g_assert_no_error (error);

  exts = gossl_x509_req_get_extensions (req, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exts->len, ==, 3);
  g_assert_cmpstr (gossl_x509_extension_get_short_name (exts->pdata[0]), ==, "basicConstraints");
  g_assert_true (gossl_x509_extension_get_critical (exts->pdata[0]));
  g_assert_cmpstr (gossl_x509_extension_get_short_name (exts->pdata[1]), ==, "subjectAltName");
  g_assert_cmpstr (gossl_x509_extension_get_short_name (exts->pdata[2]), ==, "keyUsage");
  /* copies: the request keeps its own */
  g_assert_true (exts->pdata[0] != (gpointer) bc);

  /* they survive signing and encoding */
  g_assert_true (gossl_x509_req_set_pubkey (req, key, &error));
  g_assert_true (gossl_x509_req_sign (req, key, "sha256", &error));
  g_assert_no_error (error);
  der = gossl_x509_req_to_data (req, GOSSL_FILETYPE_ASN1, &error);
  g_assert_no_error (error);
  reloaded = gossl_x509_req_new_from_data (GOSSL_FILETYPE_ASN1, der->data, der->len, &error);
  g_assert_no_error (error);
  /* one extensionRequest attribute holds all three */
  {
    const unsigned char *p = der->data;
    g_autoptr(X509_REQ) parsed = d2i_X509_REQ (NULL, &p, der->len);

    g_assert_nonnull (parsed);
    g_assert_cmpint (X509_REQ_get_attr_count (parsed), ==, 1);
  }
  g_assert_true (gossl_x509_req_verify (reloaded, key, &error));
  g_assert_no_error (error);
  reloaded_exts = gossl_x509_req_get_extensions (reloaded, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reloaded_exts->len, ==, 3);
}

static void
test_extensions_bad (void)
{
  g_autoptr(GosslX509Req) req = gossl_x509_req_new ();
  g_autoptr(GosslX509Extension) bc = make_extension ("basicConstraints", TRUE, "CA:FALSE");
  GosslX509Extension *with_null[] = { bc, NULL };
  g_autoptr(GPtrArray) exts = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (gossl_x509_req_add_extensions (req, with_null, 2, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  exts = gossl_x509_req_get_extensions (req, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exts->len, ==, 0);
}

static void
assert_load_fails (GosslFiletype type, const guint8 *data, gsize len, int code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) queue = NULL;

  g_assert_null (gossl_x509_req_new_from_data (type, data, len, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, code);
  queue = gossl_error_get_openssl_errors ();
  if (len == 0)
    g_assert_nonnull (strstr (error->message, "no data")); /* DER: OpenSSL says nothing */
  else if (code == GOSSL_CRYPTO_ERROR_FAILED)
    g_assert_cmpuint (g_variant_n_children (queue), >, 0);
  else
    g_assert_cmpuint (g_variant_n_children (queue), ==, 0);
}

static void
test_bad_input (void)
{
  g_autoptr(GBytes) garbage = gossl_test_load_file ("garbage.bin");
  g_autoptr(GBytes) pem = gossl_test_load_file ("server.csr");
  g_autoptr(GBytes) der = gossl_test_load_file ("server.csr.der");
  g_autoptr(GBytes) cert = gossl_test_load_file ("server.pem");
  g_autoptr(GBytes) cert_der = gossl_test_load_file ("server.der");
  gsize garbage_len, pem_len, der_len, cert_len, cert_der_len;
  const guint8 *garbage_data = g_bytes_get_data (garbage, &garbage_len);
  const guint8 *pem_data = g_bytes_get_data (pem, &pem_len);
  const guint8 *der_data = g_bytes_get_data (der, &der_len);
  const guint8 *cert_data = g_bytes_get_data (cert, &cert_len);
  const guint8 *cert_der_data = g_bytes_get_data (cert_der, &cert_der_len);

  for (int type = GOSSL_FILETYPE_PEM; type <= GOSSL_FILETYPE_ASN1; type++)
    {
      assert_load_fails (type, NULL, 0, GOSSL_CRYPTO_ERROR_FAILED);
      assert_load_fails (type, garbage_data, garbage_len, GOSSL_CRYPTO_ERROR_FAILED);
    }
  assert_load_fails (GOSSL_FILETYPE_PEM, pem_data, pem_len / 2, GOSSL_CRYPTO_ERROR_FAILED);
  assert_load_fails (GOSSL_FILETYPE_PEM, pem_data, pem_len - 30, GOSSL_CRYPTO_ERROR_FAILED);
  assert_load_fails (GOSSL_FILETYPE_ASN1, der_data, der_len - 1, GOSSL_CRYPTO_ERROR_FAILED);
  assert_load_fails (GOSSL_FILETYPE_PEM, der_data, der_len, GOSSL_CRYPTO_ERROR_FAILED);
  assert_load_fails (GOSSL_FILETYPE_ASN1, pem_data, pem_len, GOSSL_CRYPTO_ERROR_FAILED);
  /* a certificate is not a request */
  assert_load_fails (GOSSL_FILETYPE_PEM, cert_data, cert_len, GOSSL_CRYPTO_ERROR_FAILED);
  assert_load_fails (GOSSL_FILETYPE_ASN1, cert_der_data, cert_der_len, GOSSL_CRYPTO_ERROR_FAILED);
  assert_load_fails (0, pem_data, pem_len, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  assert_load_fails (42, der_data, der_len, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

static void
test_native (void)
{
  X509_REQ *native = X509_REQ_new ();
  g_autoptr(GosslX509Req) req = NULL;
  g_autofree char *cn = NULL;

  X509_NAME_add_entry_by_txt (X509_REQ_get_subject_name (native), "CN", MBSTRING_UTF8,
                              (const unsigned char *) "native", -1, -1, 0);
  req = gossl_x509_req_new_from_native (native);
  g_assert_true (gossl_x509_req_get_native (req) == native);
  cn = subject_entry (req, "CN");
  g_assert_cmpstr (cn, ==, "native");
}

/* Issue 11 item 15: after set_pubkey() with a key pair, get_pubkey() gave
 * the key pair back (OpenSSL 3 keeps the key it was given), so signing with
 * the "public" key worked and dumping it wrote the private key. As for
 * certificates, the key read back is public only. */
static void
test_pubkey_is_public_only (void)
{
  g_autoptr(GosslX509Req) req = gossl_x509_req_new ();
  g_autoptr(GosslX509) cert = gossl_x509_new ();
  g_autoptr(GosslPKey) key = gossl_test_rsa_key ();
  g_autoptr(GosslPKey) from_req = NULL;
  g_autoptr(GosslPKey) from_cert = NULL;
  g_autoptr(GByteArray) private_der = NULL;
  g_autoptr(GByteArray) public_der = NULL;
  g_autoptr(GByteArray) expected = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (gossl_x509_req_set_pubkey (req, key, &error));
  g_assert_true (gossl_x509_set_pubkey (cert, key, &error));
  from_req = gossl_x509_req_get_pubkey (req, &error);
  g_assert_no_error (error);
  from_cert = gossl_x509_get_pubkey (cert, &error);
  g_assert_no_error (error);

  g_assert_false (gossl_pkey_has_private (from_req));
  g_assert_false (gossl_x509_req_sign (req, from_req, "sha256", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_x509_sign (cert, from_req, "sha256", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_x509_req_sign (req, from_cert, "sha256", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  private_der = gossl_pkey_to_data (from_req, GOSSL_FILETYPE_ASN1, NULL, NULL, 0, &error);
  g_assert_null (private_der);
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Still the same public key, and it still verifies. */
  public_der = gossl_pkey_public_to_data (from_req, GOSSL_FILETYPE_ASN1, &error);
  g_assert_no_error (error);
  expected = gossl_pkey_public_to_data (key, GOSSL_FILETYPE_ASN1, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (public_der->data, public_der->len, expected->data, expected->len);
  g_assert_true (gossl_x509_req_sign (req, key, "sha256", &error));
  g_assert_true (gossl_x509_req_verify (req, from_req, &error));
  g_assert_no_error (error);
}

static void
test_to_text (void)
{
  g_autoptr(GBytes) pem = gossl_test_load_file ("server.csr");
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslX509Req) req = gossl_x509_req_new_from_bytes (GOSSL_FILETYPE_PEM, pem, &error);
  g_autoptr(GosslX509Req) blank = gossl_x509_req_new ();
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GBytes) blank_text = NULL;
  g_autofree char *str = NULL;

  g_assert_no_error (error);
  text = gossl_x509_req_to_bytes (req, GOSSL_FILETYPE_TEXT, &error);
  g_assert_no_error (error);
  str = g_strndup (g_bytes_get_data (text, NULL), g_bytes_get_size (text));
  g_assert_true (g_str_has_prefix (str, "Certificate Request:\n"));
  g_assert_nonnull (strstr (str, "CN=localhost"));
  g_assert_nonnull (strstr (str, "Public Key Algorithm: rsaEncryption"));

  blank_text = gossl_x509_req_to_bytes (blank, GOSSL_FILETYPE_TEXT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (blank_text), >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/x509-req/load", test_load);
  g_test_add_func ("/x509-req/round-trip", test_round_trip);
  g_test_add_func ("/x509-req/build-and-sign", test_build_and_sign);
  g_test_add_func ("/x509-req/ed25519", test_ed25519);
  g_test_add_func ("/x509-req/subject-view", test_subject_view);
  g_test_add_func ("/x509-req/version", test_version);
  g_test_add_func ("/x509-req/pubkey-errors", test_pubkey_errors);
  g_test_add_func ("/x509-req/sign-errors", test_sign_errors);
  g_test_add_func ("/x509-req/verify-fails", test_verify_fails);
  g_test_add_func ("/x509-req/extensions-loaded", test_extensions_loaded);
  g_test_add_func ("/x509-req/extensions-add", test_extensions_add);
  g_test_add_func ("/x509-req/extensions-bad", test_extensions_bad);
  g_test_add_func ("/x509-req/bad-input", test_bad_input);
  g_test_add_func ("/x509-req/native", test_native);
  g_test_add_func ("/x509-req/pubkey-is-public-only", test_pubkey_is_public_only);
  g_test_add_func ("/x509-req/to-text", test_to_text);

  return g_test_run ();
}

#include "gossl-test-util.h"

/* `openssl ARGS... -in tests/files/NAME -noout -text`'s output. */
static GBytes *
openssl_text (const char *command, const char *name, const char *extra)
{
  g_autofree char *path = gossl_test_file_path (name);
  GBytes *out;
  int status;

  out = gossl_test_run_openssl (NULL, &status, NULL, command, "-in", path, "-noout", "-text",
                                extra, extra != NULL ? "compat" : NULL, NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
assert_same (GByteArray *ours, GBytes *theirs)
{
  g_assert_cmpmem (ours->data, ours->len, g_bytes_get_data (theirs, NULL),
                   g_bytes_get_size (theirs));
}

static gboolean
contains (GByteArray *text, const char *needle)
{
  g_autofree char *s = g_strndup ((const char *) text->data, text->len);

  return strstr (s, needle) != NULL;
}

static void
test_certificate (void)
{
  g_autoptr(GBytes) pem = gossl_test_load_file ("server.pem");
  g_autoptr(GBytes) expected = openssl_text ("x509", "server.pem", "-nameopt");
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslX509) cert = gossl_x509_new_from_bytes (GOSSL_FILETYPE_PEM, pem, &error);
  g_autoptr(GByteArray) text = NULL;
  g_autoptr(GBytes) text_bytes = NULL;

  g_assert_no_error (error);
  /* what `openssl x509 -text` prints with the classic name layout,
   * byte for byte: tools parse the SANs out of it */
  text = gossl_x509_to_data (cert, GOSSL_FILETYPE_TEXT, &error);
  g_assert_no_error (error);
  assert_same (text, expected);
  g_assert_true (contains (text, "DNS:localhost, IP Address:127.0.0.1"));
  text_bytes = gossl_x509_to_bytes (cert, GOSSL_FILETYPE_TEXT, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (text_bytes, NULL), g_bytes_get_size (text_bytes),
                   text->data, text->len);

  /* text is for dumping only */
  g_assert_null (gossl_x509_new_from_data (GOSSL_FILETYPE_TEXT, text->data, text->len, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

static void
test_request (void)
{
  g_autoptr(GBytes) pem = gossl_test_load_file ("server.csr");
  g_autoptr(GBytes) expected = openssl_text ("req", "server.csr", "-nameopt");
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslX509Req) req = gossl_x509_req_new_from_bytes (GOSSL_FILETYPE_PEM, pem, &error);
  g_autoptr(GByteArray) text = NULL;

  g_assert_no_error (error);
  text = gossl_x509_req_to_data (req, GOSSL_FILETYPE_TEXT, &error);
  g_assert_no_error (error);
  assert_same (text, expected);
  g_assert_true (contains (text, "Certificate Request:"));

  g_assert_null (gossl_x509_req_new_from_data (GOSSL_FILETYPE_TEXT, text->data, text->len,
                                               &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

static void
test_private_key (void)
{
  const char *keys[] = { "server.key", "ecdsa.key", "dsa.key" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GBytes) pem = gossl_test_load_file (keys[i]);
      g_autoptr(GBytes) expected = openssl_text ("pkey", keys[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GosslPKey) key = gossl_pkey_new_from_bytes (GOSSL_FILETYPE_PEM, pem, NULL,
                                                            &error);
      g_autoptr(GByteArray) text = NULL;

      g_assert_no_error (error);
      text = gossl_pkey_to_data (key, GOSSL_FILETYPE_TEXT, NULL, NULL, 0, &error);
      g_assert_no_error (error);
      assert_same (text, expected);
      g_assert_true (contains (text, "Private-Key: "));
    }
}

static void
test_refused (void)
{
  g_autoptr(GBytes) pem = gossl_test_load_file ("server.key");
  g_autoptr(GBytes) p7 = gossl_test_load_file ("pkcs7-signed.pem");
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslPKey) key = gossl_pkey_new_from_bytes (GOSSL_FILETYPE_PEM, pem, NULL, &error);
  g_autoptr(GosslPKey) empty = gossl_pkey_new ();
  g_autoptr(GosslPKey) pub = NULL;
  g_autoptr(GByteArray) pub_der = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (pem, &len);

  g_assert_no_error (error);
  /* no loading from text */
  g_assert_null (gossl_pkey_new_from_data (GOSSL_FILETYPE_TEXT, data, len, NULL, 0, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_pkey_new_public_from_data (GOSSL_FILETYPE_TEXT, data, len, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  data = g_bytes_get_data (p7, &len);
  g_assert_null (gossl_pkcs7_new_from_data (GOSSL_FILETYPE_TEXT, data, len, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* nor encrypting it, nor a public key's text, nor an empty key's */
  g_assert_null (gossl_pkey_to_data (key, GOSSL_FILETYPE_TEXT, "aes-256-cbc",
                                     (const guint8 *) "x", 1, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_pkey_public_to_data (key, GOSSL_FILETYPE_TEXT, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_pkey_to_data (empty, GOSSL_FILETYPE_TEXT, NULL, NULL, 0, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  pub_der = gossl_pkey_public_to_data (key, GOSSL_FILETYPE_ASN1, &error);
  g_assert_no_error (error);
  pub = gossl_pkey_new_public_from_data (GOSSL_FILETYPE_ASN1, pub_der->data, pub_der->len, &error);
  g_assert_no_error (error);
  g_assert_null (gossl_pkey_to_data (pub, GOSSL_FILETYPE_PEM, NULL, NULL, 0, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

static void
test_public_key (void)
{
  g_autoptr(GBytes) pem = gossl_test_load_file ("server.key");
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslPKey) key = gossl_pkey_new_from_bytes (GOSSL_FILETYPE_PEM, pem, NULL, &error);
  g_autoptr(GBytes) pub_pem = NULL;
  g_autoptr(GosslPKey) pub = NULL;
  g_autoptr(GByteArray) text = NULL;
  g_autoptr(GBytes) expected = NULL;
  int status;

  g_assert_no_error (error);
  pub_pem = gossl_pkey_public_to_bytes (key, GOSSL_FILETYPE_PEM, &error);
  g_assert_no_error (error);
  pub = gossl_pkey_new_public_from_bytes (GOSSL_FILETYPE_PEM, pub_pem, &error);
  g_assert_no_error (error);
  /* a public-only key prints its public numbers, as `openssl pkey -pubin` */
  text = gossl_pkey_to_data (pub, GOSSL_FILETYPE_TEXT, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  expected = gossl_test_run_openssl (pub_pem, &status, NULL, "pkey", "-pubin", "-noout", "-text",
                                     NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  assert_same (text, expected);
  g_assert_true (contains (text, "Public-Key: (2048 bit)"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-dumps/certificate", test_certificate);
  g_test_add_func ("/text-dumps/request", test_request);
  g_test_add_func ("/text-dumps/private-key", test_private_key);
  g_test_add_func ("/text-dumps/refused", test_refused);
  g_test_add_func ("/text-dumps/public-key", test_public_key);

  return g_test_run ();
}

#include "gossl-test-util.h"

#include <openssl/core_names.h>

static void
test_generate_rsa (void)
{
  g_autoptr(GosslPKey) key = gossl_pkey_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (gossl_pkey_is_initialized (key));
  g_assert_cmpuint (gossl_pkey_get_bits (key), ==, 0);
  g_assert_cmpint (gossl_pkey_get_key_type (key), ==, GOSSL_KEY_TYPE_NONE);

  g_assert_true (gossl_pkey_generate_key (key, GOSSL_KEY_TYPE_RSA, 1024, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gossl_pkey_get_bits (key), ==, 1024);
  g_assert_cmpint (gossl_pkey_get_key_type (key), ==, GOSSL_KEY_TYPE_RSA);
  g_assert_true (gossl_pkey_has_private (key));
  g_assert_true (gossl_pkey_check (key, &error));
  g_assert_no_error (error);
}

static void
test_generate_dsa (void)
{
  g_autoptr(GosslPKey) key = gossl_pkey_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (gossl_pkey_generate_key (key, GOSSL_KEY_TYPE_DSA, 1024, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gossl_pkey_get_bits (key), ==, 1024);
  g_assert_cmpint (gossl_pkey_get_key_type (key), ==, GOSSL_KEY_TYPE_DSA);
}

static void
test_generate_bad (void)
{
  g_autoptr(GosslPKey) key = gossl_pkey_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (gossl_pkey_generate_key (key, GOSSL_KEY_TYPE_RSA, 0, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_pkey_generate_key (key, 12345, 2048, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_assert_false (gossl_pkey_is_initialized (key));
}

static void
test_round_trip (void)
{
  g_autoptr(GosslPKey) key = gossl_test_rsa_key ();
  g_autoptr(GError) error = NULL;
  GosslFiletype types[] = { GOSSL_FILETYPE_PEM, GOSSL_FILETYPE_ASN1 };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(GByteArray) data = gossl_pkey_to_data (key, types[i], NULL, NULL, 0, &error);
      g_autoptr(GosslPKey) back = NULL;
      g_autoptr(GByteArray) again = NULL;

      g_assert_no_error (error);
      back = gossl_pkey_new_from_data (types[i], data->data, data->len, NULL, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (gossl_pkey_get_bits (back), ==, 2048);
      again = gossl_pkey_to_data (back, types[i], NULL, NULL, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (data->data, data->len, again->data, again->len);
    }
}

static void
test_encrypted (void)
{
  g_autoptr(GosslPKey) key = gossl_test_rsa_key ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) pem = NULL;
  g_autoptr(GosslPKey) back = NULL;
  const guint8 secret[] = "secret";

  pem = gossl_pkey_to_data (key, GOSSL_FILETYPE_PEM, "aes-256-cbc", secret, 6, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_strstr_len ((char *) pem->data, pem->len, "ENCRYPTED"));

  back = gossl_pkey_new_from_data (GOSSL_FILETYPE_PEM, pem->data, pem->len, NULL, 0, &error);
  g_assert_null (back);
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_PASSPHRASE_REQUIRED);
  g_clear_error (&error);

  back = gossl_pkey_new_from_data (GOSSL_FILETYPE_PEM, pem->data, pem->len,
                                   (const guint8 *) "wrong", 5, &error);
  g_assert_null (back);
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE);
  g_clear_error (&error);

  back = gossl_pkey_new_from_data (GOSSL_FILETYPE_PEM, pem->data, pem->len, secret, 6, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gossl_pkey_get_bits (back), ==, 2048);

  /* Encryption is for PEM only; unknown ciphers are named. */
  g_assert_null (gossl_pkey_to_data (key, GOSSL_FILETYPE_ASN1, "aes-256-cbc", secret, 6, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_pkey_to_data (key, GOSSL_FILETYPE_PEM, "no-such-cipher", secret, 6, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

static void
test_bad_input (void)
{
  const char *inputs[] = { "", "garbage", "-----BEGIN PRIVATE KEY-----\nMIIE\n" };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    for (int type = GOSSL_FILETYPE_PEM; type <= GOSSL_FILETYPE_ASN1; type++)
      {
        g_autoptr(GVariant) queue = NULL;

        g_assert_null (gossl_pkey_new_from_data (type, (const guint8 *) inputs[i],
                                                 strlen (inputs[i]), NULL, 0, &error));
        g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
        g_clear_error (&error);
        queue = gossl_error_get_openssl_errors ();
        g_assert_true (g_variant_is_of_type (queue, G_VARIANT_TYPE ("a(sss)")));
      }

  g_assert_null (gossl_pkey_new_from_data (3, (const guint8 *) "x", 1, NULL, 0, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

static void
test_error_queue (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) queue = NULL;
  const char *lib, *func, *reason;

  g_assert_null (gossl_pkey_new_from_data (GOSSL_FILETYPE_PEM, (const guint8 *) "junk", 4,
                                           NULL, 0, &error));
  queue = gossl_error_get_openssl_errors ();
  g_assert_cmpuint (g_variant_n_children (queue), >, 0);
  g_variant_get_child (queue, 0, "(&s&s&s)", &lib, &func, &reason);
  g_assert_cmpstr (reason, !=, "");
  g_assert_nonnull (strstr (error->message, reason));
}

static void
test_public_only (void)
{
  g_autoptr(GosslPKey) key = gossl_test_rsa_key ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) pub = gossl_pkey_public_to_data (key, GOSSL_FILETYPE_PEM, &error);
  g_autoptr(GosslPKey) back = NULL;

  g_assert_no_error (error);
  back = gossl_pkey_new_public_from_data (GOSSL_FILETYPE_PEM, pub->data, pub->len, &error);
  g_assert_no_error (error);
  g_assert_false (gossl_pkey_has_private (back));
  g_assert_null (gossl_pkey_to_data (back, GOSSL_FILETYPE_PEM, NULL, NULL, 0, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

static guint
dsa_q_bits (GosslPKey *key)
{
  g_autoptr(BIGNUM) q = NULL;

  g_assert_true (EVP_PKEY_get_bn_param (gossl_pkey_get_native (key), OSSL_PKEY_PARAM_FFC_Q, &q));
  return (guint) BN_num_bits (q);
}

/* Issue 11 item 15: DSA below 1024 bits failed with "bad ffc parameters";
 * pyOpenSSL makes them (its own tests use 576 bits), rounding the size up
 * to a multiple of 64 bits, with a 160-bit q below 2048 bits and a 256-bit
 * q from there on. */
static void
test_generate_dsa_sizes (void)
{
  const struct { guint bits, expected, q; } sizes[] = {
    { 512, 512, 160 }, { 520, 576, 160 }, { 576, 576, 160 }, { 768, 768, 160 },
    { 1024, 1024, 160 }, { 2048, 2048, 256 },
  };
  const guint bad[] = { 0, 256, 511, 3073 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GosslPKey) key = gossl_pkey_new ();
      g_autoptr(GError) error = NULL;

      g_assert_true (gossl_pkey_generate_key (key, GOSSL_KEY_TYPE_DSA, sizes[i].bits, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (gossl_pkey_get_bits (key), ==, sizes[i].expected);
      g_assert_cmpuint (dsa_q_bits (key), ==, sizes[i].q);
      g_assert_true (gossl_pkey_has_private (key));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GosslPKey) key = gossl_pkey_new ();
      g_autoptr(GError) error = NULL;

      g_assert_false (gossl_pkey_generate_key (key, GOSSL_KEY_TYPE_DSA, bad[i], &error));
      g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
      g_assert_false (gossl_pkey_is_initialized (key));
    }
}

/* @names (NULL-terminated) from tests/files, one after the other. */
static GBytes *
concat_files (const char *first, ...)
{
  GByteArray *all = g_byte_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *name = first; name != NULL; name = va_arg (args, const char *))
    {
      g_autoptr(GBytes) part = gossl_test_load_file (name);
      gsize len;
      const guint8 *data = g_bytes_get_data (part, &len);

      g_byte_array_append (all, data, (guint) len);
    }
  va_end (args);
  return g_byte_array_free_to_bytes (all);
}

static void
test_key_after_certificates (void)
{
  g_autoptr(GBytes) key_pem = gossl_test_load_file ("server.key");
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslPKey) expected = gossl_pkey_new_from_bytes (GOSSL_FILETYPE_PEM, key_pem,
                                                              NULL, &error);
  const char *const combined[][4] = {
    { "server.pem", "server.key", NULL },
    { "server.pem", "ca.pem", "server.key", NULL },
    { "server.key", "server.pem", NULL },
    { "server.csr", "server.key", "ca.pem", NULL },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (combined); i++)
    {
      g_autoptr(GBytes) data = concat_files (combined[i][0], combined[i][1], combined[i][2],
                                             combined[i][3], NULL);
      g_autoptr(GosslPKey) key = gossl_pkey_new_from_bytes (GOSSL_FILETYPE_PEM, data, NULL,
                                                            &error);

      g_assert_no_error (error);
      g_assert_nonnull (key);
      g_assert_cmpint (EVP_PKEY_eq (gossl_pkey_get_native (key),
                                    gossl_pkey_get_native (expected)), ==, 1);
    }

  /* An encrypted key after a certificate takes its passphrase... */
  {
    g_autoptr(GBytes) data = concat_files ("server.pem", "server-enc.key", NULL);
    g_autoptr(GosslPKey) key = gossl_pkey_new_from_bytes (GOSSL_FILETYPE_PEM, data, "secret",
                                                          &error);

    g_assert_no_error (error);
    g_assert_cmpint (EVP_PKEY_eq (gossl_pkey_get_native (key),
                                  gossl_pkey_get_native (expected)), ==, 1);
    g_assert_null (gossl_pkey_new_from_bytes (GOSSL_FILETYPE_PEM, data, "wrong", &error));
    g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_BAD_PASSPHRASE);
    g_clear_error (&error);
    g_assert_null (gossl_pkey_new_from_bytes (GOSSL_FILETYPE_PEM, data, NULL, &error));
    g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_PASSPHRASE_REQUIRED);
    g_clear_error (&error);
  }

  /* ...and with no key among the blocks there is still none. */
  {
    g_autoptr(GBytes) data = concat_files ("server.pem", "ca.pem", "server.csr", NULL);

    g_assert_null (gossl_pkey_new_from_bytes (GOSSL_FILETYPE_PEM, data, NULL, &error));
    g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
    g_clear_error (&error);
  }
  /* A private key is no SubjectPublicKeyInfo for the public reader. */
  {
    g_autoptr(GBytes) data = concat_files ("server.pem", "server.key", NULL);

    g_assert_null (gossl_pkey_new_public_from_bytes (GOSSL_FILETYPE_PEM, data, &error));
    g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  }
}

/* An RSA private key whose numbers do not fit together (p = 9 is not
 * prime, d = 0): it is a private key all the same, and the check says it is
 * inconsistent rather than public only. */
static void
test_check_inconsistent_key (void)
{
  static const char pem[] =
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MBsCAQACAVsCAQUCAQACAQkCAQ0CAQECAQUCAQI=\n"
    "-----END RSA PRIVATE KEY-----\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslPKey) key = gossl_pkey_new_from_data (GOSSL_FILETYPE_PEM, (const guint8 *) pem,
                                                       sizeof pem - 1, NULL, 0, &error);
  g_autoptr(GosslPKey) good = gossl_test_rsa_key ();

  g_assert_no_error (error);
  g_assert_true (gossl_pkey_has_private (key));
  g_assert_false (gossl_pkey_check (key, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "p not prime"));
  g_clear_error (&error);

  g_assert_true (gossl_pkey_check (good, &error));
  g_assert_no_error (error);
}

static void
test_to_text (void)
{
  g_autoptr(GosslPKey) key = gossl_test_rsa_key ();
  g_autoptr(GosslPKey) empty = gossl_pkey_new ();
  g_autoptr(GBytes) pem = gossl_test_load_file ("server.pem");
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslX509) cert = gossl_x509_new_from_bytes (GOSSL_FILETYPE_PEM, pem, &error);
  g_autoptr(GosslPKey) pub = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GBytes) pub_text = NULL;
  g_autofree char *str = NULL;
  g_autofree char *pub_str = NULL;

  text = gossl_pkey_to_bytes (key, GOSSL_FILETYPE_TEXT, NULL, NULL, &error);
  g_assert_no_error (error);
  str = g_strndup (g_bytes_get_data (text, NULL), g_bytes_get_size (text));
  g_assert_true (g_str_has_prefix (str, "Private-Key: ("));
  g_assert_nonnull (strstr (str, "privateExponent:"));

  pub = gossl_x509_get_pubkey (cert, &error);
  g_assert_no_error (error);
  pub_text = gossl_pkey_to_bytes (pub, GOSSL_FILETYPE_TEXT, NULL, NULL, &error);
  g_assert_no_error (error);
  pub_str = g_strndup (g_bytes_get_data (pub_text, NULL), g_bytes_get_size (pub_text));
  g_assert_true (g_str_has_prefix (pub_str, "Public-Key: (2048 bit)"));
  g_assert_null (strstr (pub_str, "privateExponent"));

  g_assert_null (gossl_pkey_to_bytes (empty, GOSSL_FILETYPE_TEXT, NULL, NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pkey/generate-rsa", test_generate_rsa);
  g_test_add_func ("/pkey/generate-dsa", test_generate_dsa);
  g_test_add_func ("/pkey/generate-bad", test_generate_bad);
  g_test_add_func ("/pkey/round-trip", test_round_trip);
  g_test_add_func ("/pkey/encrypted", test_encrypted);
  g_test_add_func ("/pkey/bad-input", test_bad_input);
  g_test_add_func ("/pkey/error-queue", test_error_queue);
  g_test_add_func ("/pkey/public-only", test_public_only);
  g_test_add_func ("/pkey/generate-dsa-sizes", test_generate_dsa_sizes);
  g_test_add_func ("/pkey/key-after-certificates", test_key_after_certificates);
  g_test_add_func ("/pkey/check-inconsistent-key", test_check_inconsistent_key);
  g_test_add_func ("/pkey/to-text", test_to_text);
  return g_test_run ();
}

#include "gossl-test-util.h"

#include <glib/gstdio.h>

static GosslPKey *
load_key (const char *name)
{
  g_autoptr(GBytes) pem = gossl_test_load_file (name);
  g_autoptr(GError) error = NULL;
  GosslPKey *key = gossl_pkey_new_from_bytes (GOSSL_FILETYPE_PEM, pem, NULL, &error);

  g_assert_no_error (error);
  return key;
}

static void
assert_same_public_key (GosslPKey *a, GosslPKey *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) da = gossl_pkey_public_to_data (a, GOSSL_FILETYPE_ASN1, &error);
  g_autoptr(GByteArray) db = NULL;

  g_assert_no_error (error);
  db = gossl_pkey_public_to_data (b, GOSSL_FILETYPE_ASN1, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (da->data, da->len, db->data, db->len);
}

/* `openssl spkac -verify` on @base64: whether OpenSSL accepts the
 * signature. */
static gboolean
openssl_verifies (const char *base64)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gossl-spki-XXXXXX", &error);
  g_autofree char *line = g_strconcat ("SPKAC=", base64, "\n", NULL);
  g_autoptr(GBytes) content = g_bytes_new (line, strlen (line));
  g_autofree char *path = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GBytes) out = NULL;
  int status;

  g_assert_no_error (error);
  path = gossl_test_write_file (dir, "spkac.txt", content);
  out = gossl_test_run_openssl (NULL, &status, &err, "spkac", "-in", path, "-verify", "-noout",
                                NULL);
  g_unlink (path);
  g_rmdir (dir);
  return g_spawn_check_wait_status (status, NULL) && strstr (err, "Signature OK") != NULL;
}

static void
test_sign_roundtrip (void)
{
  const char *keys[] = { "server.key", "ecdsa.key", "dsa.key" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GosslNetscapeSpki) spki = gossl_netscape_spki_new ();
      g_autoptr(GosslNetscapeSpki) back = NULL;
      g_autoptr(GosslPKey) key = load_key (keys[i]);
      g_autoptr(GosslPKey) other = load_key (i == 0 ? "client.key" : "server.key");
      g_autoptr(GosslPKey) pub = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *base64 = NULL;

      g_assert_true (gossl_netscape_spki_set_pubkey (spki, key, &error));
      g_assert_no_error (error);
      g_assert_true (gossl_netscape_spki_sign (spki, key, "sha256", &error));
      g_assert_no_error (error);
      g_assert_true (gossl_netscape_spki_verify (spki, key, &error));
      g_assert_no_error (error);
      g_assert_false (gossl_netscape_spki_verify (spki, other, &error));
      g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
      g_clear_error (&error);

      /* the public half only comes back */
      pub = gossl_netscape_spki_get_pubkey (spki, &error);
      g_assert_no_error (error);
      g_assert_false (gossl_pkey_has_private (pub));
      assert_same_public_key (pub, key);

      base64 = gossl_netscape_spki_to_base64 (spki, &error);
      g_assert_no_error (error);
      g_assert_null (strchr (base64, '\n'));
      g_assert_true (openssl_verifies (base64));

      back = gossl_netscape_spki_new_from_base64 (base64, &error);
      g_assert_no_error (error);
      g_assert_true (gossl_netscape_spki_verify (back, pub, &error));
      g_assert_no_error (error);
    }
}

static void
test_from_openssl (void)
{
  g_autofree char *key_path = gossl_test_file_path ("server.key");
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GosslNetscapeSpki) spki = NULL;
  g_autoptr(GosslPKey) key = load_key ("server.key");
  g_autoptr(GosslPKey) other = load_key ("client.key");
  g_autoptr(GosslPKey) pub = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *again = NULL;
  int status;

  out = gossl_test_run_openssl (NULL, &status, NULL, "spkac", "-key", key_path, "-challenge",
                                "gossl", NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  line = g_strstrip (g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out)));
  g_assert_true (g_str_has_prefix (line, "SPKAC="));

  spki = gossl_netscape_spki_new_from_base64 (line + 6, &error);
  g_assert_no_error (error);
  g_assert_true (gossl_netscape_spki_verify (spki, key, &error));
  g_assert_no_error (error);
  g_assert_false (gossl_netscape_spki_verify (spki, other, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);
  pub = gossl_netscape_spki_get_pubkey (spki, &error);
  g_assert_no_error (error);
  assert_same_public_key (pub, key);

  /* what it encodes again is what OpenSSL wrote */
  again = gossl_netscape_spki_to_base64 (spki, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, line + 6);
}

static void
test_ed25519 (void)
{
  g_autoptr(GosslNetscapeSpki) spki = gossl_netscape_spki_new ();
  g_autoptr(GosslPKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pem = NULL;
  int status;

  pem = gossl_test_run_openssl (NULL, &status, NULL, "genpkey", "-algorithm", "ed25519", NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  key = gossl_pkey_new_from_bytes (GOSSL_FILETYPE_PEM, pem, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gossl_netscape_spki_set_pubkey (spki, key, &error));
  /* Ed25519 takes no digest: whatever is named is not used */
  g_assert_true (gossl_netscape_spki_sign (spki, key, "no-such-digest", &error));
  g_assert_no_error (error);
  g_assert_true (gossl_netscape_spki_verify (spki, key, &error));
  g_assert_no_error (error);
}

static void
test_bad_input (void)
{
  g_autoptr(GosslNetscapeSpki) spki = gossl_netscape_spki_new ();
  g_autoptr(GosslPKey) key = load_key ("server.key");
  g_autoptr(GosslPKey) empty = gossl_pkey_new ();
  g_autoptr(GosslPKey) pub = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) der = gossl_test_load_file ("server.der");
  g_autofree char *cert_base64 = NULL;
  const char *garbage[] = { "", "!!!!not base64!!!!", "AAAA", "SPKAC=AAAA" };

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_assert_null (gossl_netscape_spki_new_from_base64 (garbage[i], &error));
      g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
      g_clear_error (&error);
    }
  /* base64 that is DER, but not an SPKI */
  cert_base64 = g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  g_assert_null (gossl_netscape_spki_new_from_base64 (cert_base64, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);

  /* a new SPKI has no key and no signature */
  g_assert_null (gossl_netscape_spki_get_pubkey (spki, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (gossl_netscape_spki_verify (spki, key, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_false (gossl_netscape_spki_set_pubkey (spki, empty, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_netscape_spki_verify (spki, empty, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_netscape_spki_sign (spki, empty, "sha256", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_netscape_spki_sign (spki, key, "no-such-digest", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_netscape_spki_sign (spki, key, NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (gossl_netscape_spki_set_pubkey (spki, key, &error));
  pub = gossl_netscape_spki_get_pubkey (spki, &error);
  g_assert_no_error (error);
  g_assert_false (gossl_netscape_spki_sign (spki, pub, "sha256", &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "only public"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/netscape-spki/sign-roundtrip", test_sign_roundtrip);
  g_test_add_func ("/netscape-spki/from-openssl", test_from_openssl);
  g_test_add_func ("/netscape-spki/ed25519", test_ed25519);
  g_test_add_func ("/netscape-spki/bad-input", test_bad_input);

  return g_test_run ();
}

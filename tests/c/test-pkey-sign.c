#include "gossl-test-util.h"

#include <glib/gstdio.h>

#define MESSAGE "It was a bright cold day in April, and the clocks were striking thirteen."

static GosslPKey *
load_key (const char *name)
{
  g_autoptr(GBytes) pem = gossl_test_load_file (name);
  g_autoptr(GError) error = NULL;
  GosslPKey *key = gossl_pkey_new_from_bytes (GOSSL_FILETYPE_PEM, pem, NULL, &error);

  g_assert_no_error (error);
  return key;
}

static GosslPKey *
public_half (GosslPKey *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) der = gossl_pkey_public_to_bytes (key, GOSSL_FILETYPE_ASN1, &error);
  GosslPKey *pub;

  g_assert_no_error (error);
  pub = gossl_pkey_new_public_from_bytes (GOSSL_FILETYPE_ASN1, der, &error);
  g_assert_no_error (error);
  return pub;
}

typedef struct {
  char *dir;
  char *data_path;
} Scratch;

static void
scratch_clear (Scratch *s)
{
  g_autoptr(GDir) dir = g_dir_open (s->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (s->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (s->dir);
  g_free (s->dir);
  g_free (s->data_path);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scratch, scratch_clear)

static void
scratch_init (Scratch *s, GBytes *data)
{
  g_autoptr(GError) error = NULL;

  s->dir = g_dir_make_tmp ("gossl-sign-XXXXXX", &error);
  g_assert_no_error (error);
  s->data_path = gossl_test_write_file (s->dir, "data", data);
}

/* Signs with us, verifies with `openssl dgst -verify`; signs with
 * `openssl dgst -sign`, verifies with us. */
static void
test_openssl_both_ways (void)
{
  struct { const char *key; const char *digest; } cases[] = {
    { "server.key", "sha256" }, { "server.key", "sha1" }, { "server.key", "SHA512" },
    { "server.key", "md5" }, { "ecdsa.key", "sha256" }, { "ecdsa.key", "sha384" },
    { "dsa.key", "sha256" },
  };
  g_autoptr(GBytes) data = g_bytes_new_static (MESSAGE, strlen (MESSAGE));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Scratch) s = { 0 };
      g_autoptr(GosslPKey) key = load_key (cases[i].key);
      g_autoptr(GosslPKey) pub = public_half (key);
      g_autoptr(GBytes) sig = NULL;
      g_autoptr(GBytes) pub_pem = NULL;
      g_autoptr(GBytes) out = NULL;
      g_autoptr(GBytes) their_sig = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *digest_opt = g_strconcat ("-", cases[i].digest, NULL);
      g_autofree char *sig_path = NULL;
      g_autofree char *pub_path = NULL;
      g_autofree char *key_path = gossl_test_file_path (cases[i].key);
      g_autofree char *said = NULL;
      int status;

      scratch_init (&s, data);
      sig = gossl_pkey_sign (key, cases[i].digest, data, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (sig), >, 0);
      sig_path = gossl_test_write_file (s.dir, "sig", sig);
      pub_pem = gossl_pkey_public_to_bytes (key, GOSSL_FILETYPE_PEM, &error);
      g_assert_no_error (error);
      pub_path = gossl_test_write_file (s.dir, "pub.pem", pub_pem);

      out = gossl_test_run_openssl (NULL, &status, NULL, "dgst", digest_opt, "-verify", pub_path,
                                    "-signature", sig_path, s.data_path, NULL);
      said = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
      g_assert_cmpstr (said, ==, "Verified OK\n");
      g_assert_true (g_spawn_check_wait_status (status, NULL));

      their_sig = gossl_test_run_openssl (NULL, &status, NULL, "dgst", digest_opt, "-sign",
                                          key_path, s.data_path, NULL);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_true (gossl_pkey_verify (pub, cases[i].digest, data, their_sig, &error));
      g_assert_no_error (error);
      /* RSA PKCS#1 v1.5 is deterministic: the very same bytes */
      if (g_str_equal (cases[i].key, "server.key"))
        g_assert_true (g_bytes_equal (sig, their_sig));
    }
}

static void
test_mismatches (void)
{
  g_autoptr(GosslPKey) key = load_key ("server.key");
  g_autoptr(GosslPKey) other = load_key ("client.key");
  g_autoptr(GBytes) data = g_bytes_new_static (MESSAGE, strlen (MESSAGE));
  g_autoptr(GBytes) tainted = g_bytes_new_static (MESSAGE "!", strlen (MESSAGE) + 1);
  g_autoptr(GBytes) garbage = g_bytes_new_static ("\x30\x03\x02\x01\x01", 5);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) sig = NULL;
  g_autoptr(GBytes) empty_sig = NULL;
  g_autoptr(GBytes) ec_sig = NULL;
  g_autoptr(GosslPKey) ec = load_key ("ecdsa.key");
  g_autoptr(GError) error = NULL;

  sig = gossl_pkey_sign (key, "sha256", data, &error);
  g_assert_no_error (error);
  g_assert_true (gossl_pkey_verify (key, "sha256", data, sig, &error));
  g_assert_no_error (error);

  g_assert_false (gossl_pkey_verify (other, "sha256", data, sig, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (gossl_pkey_verify (key, "sha256", tainted, sig, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (gossl_pkey_verify (key, "sha384", data, sig, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (gossl_pkey_verify (key, "sha256", data, garbage, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (gossl_pkey_verify (key, "sha256", data, empty, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);
  /* a malformed ECDSA signature is a "no" too, not a crash */
  ec_sig = gossl_pkey_sign (ec, "sha256", data, &error);
  g_assert_no_error (error);
  g_assert_false (gossl_pkey_verify (ec, "sha256", data, garbage, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (gossl_pkey_verify (key, "sha256", data, ec_sig, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);

  /* the empty message is a message */
  empty_sig = gossl_pkey_sign (key, "sha256", empty, &error);
  g_assert_no_error (error);
  g_assert_true (gossl_pkey_verify (key, "sha256", empty, empty_sig, &error));
  g_assert_no_error (error);
  g_assert_false (gossl_pkey_verify (key, "sha256", data, empty_sig, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
}

static void
test_ed25519 (void)
{
  g_autoptr(GosslPKey) key = NULL;
  g_autoptr(GBytes) pem = NULL;
  g_autoptr(GBytes) data = g_bytes_new_static (MESSAGE, strlen (MESSAGE));
  g_autoptr(GBytes) sig = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  pem = gossl_test_run_openssl (NULL, &status, NULL, "genpkey", "-algorithm", "ed25519", NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  key = gossl_pkey_new_from_bytes (GOSSL_FILETYPE_PEM, pem, NULL, &error);
  g_assert_no_error (error);
  /* no digest: none is named, or the name is ignored */
  sig = gossl_pkey_sign (key, NULL, data, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (sig), ==, 64);
  again = gossl_pkey_sign (key, "sha256", data, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (sig, again));
  g_assert_true (gossl_pkey_verify (key, NULL, data, sig, &error));
  g_assert_no_error (error);
}

static void
test_bad_input (void)
{
  g_autoptr(GosslPKey) key = load_key ("server.key");
  g_autoptr(GosslPKey) pub = public_half (key);
  g_autoptr(GosslPKey) empty = gossl_pkey_new ();
  g_autoptr(GBytes) data = g_bytes_new_static (MESSAGE, strlen (MESSAGE));
  g_autoptr(GBytes) sig = NULL;
  g_autoptr(GosslPKey) small = gossl_pkey_new ();
  g_autoptr(GError) error = NULL;

  g_assert_null (gossl_pkey_sign (key, "no-such-digest", data, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_pkey_sign (key, NULL, data, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_pkey_sign (pub, "sha256", data, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "only public"));
  g_clear_error (&error);
  g_assert_null (gossl_pkey_sign (empty, "sha256", data, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (gossl_pkey_sign (key, "sha256", NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* a digest too large for the key: OpenSSL's refusal */
  g_assert_true (gossl_pkey_generate_key (small, GOSSL_KEY_TYPE_RSA, 512, &error));
  g_assert_null (gossl_pkey_sign (small, "sha512", data, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);

  sig = gossl_pkey_sign (key, "sha256", data, &error);
  g_assert_no_error (error);
  g_assert_false (gossl_pkey_verify (pub, "no-such-digest", data, sig, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_pkey_verify (empty, "sha256", data, sig, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_pkey_verify (pub, "sha256", NULL, sig, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (gossl_pkey_verify (pub, "sha256", data, NULL, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pkey-sign/openssl-both-ways", test_openssl_both_ways);
  g_test_add_func ("/pkey-sign/mismatches", test_mismatches);
  g_test_add_func ("/pkey-sign/ed25519", test_ed25519);
  g_test_add_func ("/pkey-sign/bad-input", test_bad_input);

  return g_test_run ();
}

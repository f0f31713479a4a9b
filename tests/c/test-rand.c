#include "gossl-test-util.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <unistd.h>

static void
test_add_seed_status (void)
{
  const guint8 junk[] = "some bytes of no great randomness";

  gossl_rand_add (junk, sizeof junk, 2.5);
  gossl_rand_add (junk, sizeof junk, 1e9); /* clamped, not rejected */
  gossl_rand_add (junk, sizeof junk, -1);
  gossl_rand_add (NULL, 0, 0);
  gossl_rand_seed (junk, sizeof junk);
  gossl_rand_seed (NULL, 0);
  g_assert_true (gossl_rand_status ());
}

static void
test_bytes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) a = gossl_rand_bytes (32, &error);
  g_autoptr(GByteArray) b = NULL;
  g_autoptr(GByteArray) none = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (a->len, ==, 32);
  b = gossl_rand_bytes (32, &error);
  g_assert_no_error (error);
  g_assert_false (memcmp (a->data, b->data, 32) == 0);

  none = gossl_rand_bytes (0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  g_assert_null (gossl_rand_bytes ((gsize) G_MAXINT + 1, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
}

static void
test_write_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gossl-rand-XXXXXX", &error);
  g_autofree char *path = NULL;
  char *contents = NULL;
  gsize len = 0;
  GStatBuf st;

  g_assert_no_error (error);
  path = g_build_filename (dir, "seed", NULL);
  g_assert_cmpint (gossl_rand_write_file (path, &error), ==, 1024);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, 1024);
  g_free (contents);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  /* Overwriting works and keeps the size. */
  g_assert_cmpint (gossl_rand_write_file (path, &error), ==, 1024);
  g_assert_no_error (error);

  g_assert_cmpint (gossl_rand_load_file (path, -1, &error), ==, 1024);
  g_assert_no_error (error);
  g_assert_cmpint (gossl_rand_load_file (path, -7, &error), ==, 1024);
  g_assert_no_error (error);
  g_assert_cmpint (gossl_rand_load_file (path, 100, &error), ==, 100);
  g_assert_no_error (error);
  g_assert_cmpint (gossl_rand_load_file (path, 5000, &error), ==, 1024);
  g_assert_no_error (error);
  g_assert_cmpint (gossl_rand_load_file (path, 0, &error), ==, 0);
  g_assert_no_error (error);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_load_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  const char *path = "/nonexistent/gossl/rand-seed";

  g_assert_cmpint (gossl_rand_load_file (path, -1, &error), ==, -1);
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_IO);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOENT)));
  g_assert_cmpint (gossl_error_get_errno (), ==, ENOENT);

  /* A directory is not a seed file. */
  g_assert_cmpint (gossl_rand_load_file ("/", -1, &error2), ==, -1);
  g_assert_error (error2, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_IO);
}

static void
test_load_unreadable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gossl-rand-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "secret", NULL);

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "data", 4, NULL));
  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  if (access (path, R_OK) == 0)
    g_test_skip ("running as root: mode 0 does not stop reading");
  else
    {
      g_assert_cmpint (gossl_rand_load_file (path, -1, &error), ==, -1);
      g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_IO);
      g_assert_nonnull (strstr (error->message, g_strerror (EACCES)));
    }
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_write_fails (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (gossl_rand_write_file ("/nonexistent/gossl/rand-seed", &error), ==, -1);
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent/gossl/rand-seed"));
}

static void
test_egd (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) queue = NULL;

  g_assert_cmpint (gossl_rand_egd ("/nonexistent/egd-pool", 255, &error), ==, -1);
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "EGD"));
  queue = gossl_error_get_openssl_errors ();
  g_assert_cmpuint (g_variant_n_children (queue), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rand/add-seed-status", test_add_seed_status);
  g_test_add_func ("/rand/bytes", test_bytes);
  g_test_add_func ("/rand/write-load", test_write_load);
  g_test_add_func ("/rand/load-missing", test_load_missing);
  g_test_add_func ("/rand/load-unreadable", test_load_unreadable);
  g_test_add_func ("/rand/write-fails", test_write_fails);
  g_test_add_func ("/rand/egd", test_egd);

  return g_test_run ();
}

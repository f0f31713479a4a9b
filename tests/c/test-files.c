/* test-files.c: every function that takes a file name fails the same way on
 * a file it cannot use: the IO code of its domain, a message naming the file
 * and the system's reason, and the errno in gossl_error_get_errno(). */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "gossl-test-util.h"

typedef gboolean (*FileCall) (const char *path, GError **error);

typedef struct {
  const char *name;
  FileCall    call;
} FileFunction;

static GosslContext *
new_context (void)
{
  g_autoptr(GError) error = NULL;
  GosslContext *ctx = gossl_context_new (GOSSL_METHOD_TLS, &error);

  g_assert_no_error (error);
  return ctx;
}

#define CONTEXT_CALL(fn, ...) \
  g_autoptr(GosslContext) ctx = new_context (); \
  return fn (ctx, __VA_ARGS__)

static gboolean
use_certificate_pem (const char *path, GError **error)
{
  CONTEXT_CALL (gossl_context_use_certificate_file, path, GOSSL_FILETYPE_PEM, error);
}

static gboolean
use_certificate_der (const char *path, GError **error)
{
  CONTEXT_CALL (gossl_context_use_certificate_file, path, GOSSL_FILETYPE_ASN1, error);
}

static gboolean
use_certificate_chain (const char *path, GError **error)
{
  CONTEXT_CALL (gossl_context_use_certificate_chain_file, path, error);
}

static gboolean
use_privatekey_pem (const char *path, GError **error)
{
  CONTEXT_CALL (gossl_context_use_privatekey_file, path, GOSSL_FILETYPE_PEM, error);
}

static gboolean
use_privatekey_der (const char *path, GError **error)
{
  CONTEXT_CALL (gossl_context_use_privatekey_file, path, GOSSL_FILETYPE_ASN1, error);
}

static gboolean
load_verify_locations (const char *path, GError **error)
{
  CONTEXT_CALL (gossl_context_load_verify_locations, path, NULL, error);
}

static gboolean
load_client_ca (const char *path, GError **error)
{
  CONTEXT_CALL (gossl_context_load_client_ca, path, error);
}

static gboolean
load_tmp_dh (const char *path, GError **error)
{
  CONTEXT_CALL (gossl_context_load_tmp_dh, path, error);
}

static gboolean
rand_load_file (const char *path, GError **error)
{
  return gossl_rand_load_file (path, -1, error) >= 0;
}

static gboolean
rand_write_file (const char *path, GError **error)
{
  return gossl_rand_write_file (path, error) >= 0;
}

static const FileFunction functions[] = {
  { "use_certificate_file (PEM)", use_certificate_pem },
  { "use_certificate_file (ASN1)", use_certificate_der },
  { "use_certificate_chain_file", use_certificate_chain },
  { "use_privatekey_file (PEM)", use_privatekey_pem },
  { "use_privatekey_file (ASN1)", use_privatekey_der },
  { "load_verify_locations", load_verify_locations },
  { "load_client_ca", load_client_ca },
  { "load_tmp_dh", load_tmp_dh },
  { "rand_load_file", rand_load_file },
  { "rand_write_file", rand_write_file },
};

/* Context methods report in the SSL domain, the rand functions in the crypto
 * domain: each domain has one code for "this file cannot be used". */
static void
assert_file_error (const FileFunction *fn, const char *path, int errnum)
{
  g_autoptr(GError) error = NULL;
  gboolean ssl = !g_str_has_prefix (fn->name, "rand_");

  g_test_message ("%s (%s)", fn->name, path);
  /* Something else first, so that a stale errno cannot pass for this one. */
  gossl_error_record_errno (EBADF);

  g_assert_false (fn->call (path, &error));
  g_assert_nonnull (error);
  g_test_message ("  %s", error->message);
  if (ssl)
    g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_IO);
  else
    g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_IO);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, g_strerror (errnum)));
  g_assert_cmpint (gossl_error_get_errno (), ==, errnum);
}

static void
test_missing (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    assert_file_error (&functions[i], "/nonexistent/gossl-files/file.pem", ENOENT);
}

static void
test_directory (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gossl-files-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    assert_file_error (&functions[i], dir, EISDIR);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_not_permitted (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gossl-files-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "locked.pem", NULL);
  g_autoptr(GBytes) pem = gossl_test_load_file ("server.pem");

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pem, NULL),
                                      (gssize) g_bytes_get_size (pem), NULL));
  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  if (access (path, R_OK) == 0 || access (path, W_OK) == 0)
    g_test_skip ("running as root: mode 0 stops neither reading nor writing");
  else
    for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
      assert_file_error (&functions[i], path, EACCES);
  g_unlink (path);
  g_rmdir (dir);
}

/* A file that opens but holds nothing usable is not an I/O error: OpenSSL's
 * reasons say what is wrong with the contents. */
static void
test_garbage_is_not_io (void)
{
  g_autofree char *garbage = gossl_test_file_path ("garbage.bin");

  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    {
      g_autoptr(GError) error = NULL;

      if (g_str_has_prefix (functions[i].name, "rand_"))
        continue; /* any bytes seed the generator */
      g_test_message ("%s", functions[i].name);
      g_assert_false (functions[i].call (garbage, &error));
      g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, garbage));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/files/missing", test_missing);
  g_test_add_func ("/files/directory", test_directory);
  g_test_add_func ("/files/not-permitted", test_not_permitted);
  g_test_add_func ("/files/garbage-is-not-io", test_garbage_is_not_io);

  return g_test_run ();
}

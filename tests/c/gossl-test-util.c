#include "gossl-test-util.h"

char *
gossl_test_file_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "files", name, NULL);
}

GBytes *
gossl_test_load_file (const char *name)
{
  g_autofree char *path = gossl_test_file_path (name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

GosslPKey *
gossl_test_rsa_key (void)
{
  static GosslPKey *key;

  if (key == NULL)
    {
      g_autoptr(GError) error = NULL;

      key = gossl_pkey_new ();
      g_assert_true (gossl_pkey_generate_key (key, GOSSL_KEY_TYPE_RSA, 2048, &error));
      g_assert_no_error (error);
    }
  return g_object_ref (key);
}

GosslPKey *
gossl_test_small_key (void)
{
  g_autoptr(GError) error = NULL;
  GosslPKey *key = gossl_pkey_new ();

  g_assert_true (gossl_pkey_generate_key (key, GOSSL_KEY_TYPE_RSA, 1024, &error));
  g_assert_no_error (error);
  return key;
}

static void
add_ext (GosslX509 *cert, const char *type, gboolean critical, const char *value,
         GosslX509 *issuer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslX509Extension) ext =
    gossl_x509_extension_new (type, critical, value, cert, issuer, &error);

  g_assert_no_error (error);
  g_assert_true (gossl_x509_add_extension (cert, ext, &error));
  g_assert_no_error (error);
}

GosslX509 *
gossl_test_make_cert (const char *cn, GosslPKey *key, gboolean ca,
           GosslX509 *issuer, GosslPKey *signer, glong not_after)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslX509Name) subject = NULL;
  GosslX509 *cert = gossl_x509_new ();

  g_assert_true (gossl_x509_set_version (cert, 2, &error));
  g_assert_true (gossl_x509_set_serial_number (cert, ca ? "1" : "2", &error));
  subject = gossl_x509_get_subject (cert);
  g_assert_true (gossl_x509_name_set_entry (subject, "CN", cn, &error));
  if (issuer != NULL)
    {
      g_autoptr(GosslX509Name) issuer_name = gossl_x509_get_subject (issuer);
      g_assert_true (gossl_x509_set_issuer (cert, issuer_name, &error));
    }
  else
    g_assert_true (gossl_x509_set_issuer (cert, subject, &error));
  g_assert_true (gossl_x509_gmtime_adj_not_before (cert, -7200, &error));
  g_assert_true (gossl_x509_gmtime_adj_not_after (cert, not_after, &error));
  g_assert_true (gossl_x509_set_pubkey (cert, key, &error));
  g_assert_no_error (error);
  if (ca)
    {
      add_ext (cert, "basicConstraints", TRUE, "CA:TRUE", NULL);
      add_ext (cert, "keyUsage", TRUE, "keyCertSign,cRLSign", NULL);
      add_ext (cert, "subjectKeyIdentifier", FALSE, "hash", NULL);
    }
  else
    {
      add_ext (cert, "basicConstraints", FALSE, "CA:FALSE", NULL);
      add_ext (cert, "subjectAltName", FALSE, "DNS:example.com", NULL);
    }
  g_assert_true (gossl_x509_sign (cert, signer, "sha256", &error));
  g_assert_no_error (error);
  return cert;
}

GBytes *
gossl_test_run_openssl (GBytes      *input,
                        int         *exit_status,
                        char       **err,
                        const char  *first_arg,
                        ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) err_bytes = NULL;
  g_autoptr(GBytes) empty = NULL;
  GBytes *out = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) "openssl");
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  /* With a stdin pipe, GIO wants something to write, if only nothing. */
  if (input == NULL)
    input = empty = g_bytes_new_static ("", 0);
  g_subprocess_communicate (proc, input, NULL, &out, &err_bytes, &error);
  g_assert_no_error (error);
  *exit_status = g_subprocess_get_exit_status (proc);
  if (err != NULL)
    *err = g_strndup (g_bytes_get_data (err_bytes, NULL), g_bytes_get_size (err_bytes));
  return out;
}

char *
gossl_test_write_file (const char *dir, const char *name, GBytes *bytes)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                       &error);
  g_assert_no_error (error);
  return path;
}

#include "gossl-test-util.h"

#include <errno.h>

static void
assert_empty_record (void)
{
  g_autoptr(GVariant) queue = gossl_error_get_openssl_errors ();

  g_assert_nonnull (queue);
  g_assert_false (g_variant_is_floating (queue));
  g_assert_true (g_variant_is_of_type (queue, G_VARIANT_TYPE ("a(sss)")));
  g_assert_cmpuint (g_variant_n_children (queue), ==, 0);
}

static gpointer
fresh_thread_record (gpointer data)
{
  assert_empty_record ();
  g_assert_cmpint (gossl_error_get_errno (), ==, 0);
  return NULL;
}

/* Runs first: nothing has failed in this process yet. */
static void
test_initially_empty (void)
{
  assert_empty_record ();
  g_assert_cmpint (gossl_error_get_errno (), ==, 0);
  g_thread_join (g_thread_new ("fresh", fresh_thread_record, NULL));
}

static void
test_quarks (void)
{
  GEnumClass *crypto = g_type_class_ref (GOSSL_TYPE_CRYPTO_ERROR);
  GEnumClass *ssl = g_type_class_ref (GOSSL_TYPE_SSL_ERROR);

  g_assert_cmpuint (GOSSL_CRYPTO_ERROR, !=, 0);
  g_assert_cmpuint (GOSSL_SSL_ERROR, !=, 0);
  g_assert_cmpuint (GOSSL_CRYPTO_ERROR, !=, GOSSL_SSL_ERROR);
  g_assert_cmpuint (GOSSL_CRYPTO_ERROR, ==, gossl_crypto_error_quark ());
  g_assert_cmpstr (g_quark_to_string (GOSSL_CRYPTO_ERROR), ==, "gossl-crypto-error-quark");
  g_assert_cmpstr (g_quark_to_string (GOSSL_SSL_ERROR), ==, "gossl-ssl-error-quark");

  /* the codes are registered enums, as the bindings see them */
  g_assert_nonnull (g_enum_get_value (crypto, GOSSL_CRYPTO_ERROR_IO));
  g_assert_cmpint (crypto->n_values, ==, 7);
  g_assert_nonnull (g_enum_get_value (ssl, GOSSL_SSL_ERROR_SYSCALL));
  g_assert_cmpint (ssl->n_values, ==, 14);
  /* one name for "this file cannot be used" in both domains */
  g_assert_cmpstr (g_enum_get_value (ssl, GOSSL_SSL_ERROR_IO)->value_nick, ==,
                   g_enum_get_value (crypto, GOSSL_CRYPTO_ERROR_IO)->value_nick);
  /* 0.2's codes come after the old ones, which keep their values. */
  g_assert_cmpint (GOSSL_SSL_ERROR_NOT_SUPPORTED, ==, 7);
  g_assert_cmpint (GOSSL_SSL_ERROR_IO, ==, 8);
  g_assert_cmpint (GOSSL_SSL_ERROR_BAD_CERTIFICATE, ==, 9);
  g_assert_cmpint (GOSSL_SSL_ERROR_EOF, ==, 13);
  g_assert_cmpint (GOSSL_CRYPTO_ERROR_IO, ==, 5);
  g_assert_cmpint (GOSSL_CRYPTO_ERROR_BAD_CERTIFICATE, ==, 6);
  g_type_class_unref (crypto);
  g_type_class_unref (ssl);
}

static void
fail_parsing (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (gossl_pkcs7_new_from_data (GOSSL_FILETYPE_PEM, (const guint8 *) "junk", 4,
                                            &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
}

static void
test_queue_contents (void)
{
  g_autoptr(GVariant) queue = NULL;
  const char *lib, *func, *reason;

  fail_parsing ();
  queue = gossl_error_get_openssl_errors ();
  g_assert_true (g_variant_is_of_type (queue, G_VARIANT_TYPE ("a(sss)")));
  g_assert_cmpuint (g_variant_n_children (queue), ==, 1);
  g_variant_get_child (queue, 0, "(&s&s&s)", &lib, &func, &reason);
  g_assert_cmpstr (lib, ==, "PEM routines");
  g_assert_cmpstr (func, ==, "get_name");
  g_assert_cmpstr (reason, ==, "no start line");

  /* reading it does not consume it */
  {
    g_autoptr(GVariant) again = gossl_error_get_openssl_errors ();

    g_assert_true (g_variant_equal (queue, again));
  }
  /* and OpenSSL's own queue was drained into it */
  g_assert_cmpuint (ERR_peek_error (), ==, 0);
}

static void
test_argument_error_empties_record (void)
{
  g_autoptr(GError) error = NULL;

  fail_parsing ();
  /* an error that is not OpenSSL's leaves no stale entries behind */
  g_assert_null (gossl_pkcs7_new_from_data (5, (const guint8 *) "x", 1, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  assert_empty_record ();

  fail_parsing ();
  g_clear_error (&error);
  g_assert_cmpint (gossl_rand_egd ("/nowhere", 255, &error), ==, -1);
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_NOT_SUPPORTED);
  assert_empty_record ();
}

static void
test_errno (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (gossl_rand_load_file ("/nonexistent/gossl-errno", -1, &error), ==, -1);
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_IO);
  g_assert_cmpint (gossl_error_get_errno (), ==, ENOENT);
  g_clear_error (&error);

  g_assert_cmpint (gossl_rand_load_file ("/", -1, &error), ==, -1);
  g_assert_cmpint (gossl_error_get_errno (), ==, EISDIR);
}

typedef struct {
  GMutex lock;
  GCond cond;
  int step;
} Handoff;

static void
wait_for_step (Handoff *h, int step)
{
  g_mutex_lock (&h->lock);
  while (h->step < step)
    g_cond_wait (&h->cond, &h->lock);
  g_mutex_unlock (&h->lock);
}

static void
set_step (Handoff *h, int step)
{
  g_mutex_lock (&h->lock);
  h->step = step;
  g_cond_broadcast (&h->cond);
  g_mutex_unlock (&h->lock);
}

static gpointer
other_thread (gpointer data)
{
  Handoff *h = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) queue = NULL;
  const char *lib, *func, *reason;

  /* this thread's record starts empty even though the main thread's is not */
  wait_for_step (h, 1);
  assert_empty_record ();
  g_assert_cmpint (gossl_error_get_errno (), ==, 0);

  /* a different failure here: DER that is not DER, and an errno */
  g_assert_null (gossl_x509_req_new_from_data (GOSSL_FILETYPE_ASN1, (const guint8 *) "\x30\x03\x02", 3,
                                               &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (gossl_rand_load_file ("/", -1, &error), ==, -1);
  g_clear_error (&error);
  g_assert_null (gossl_x509_req_new_from_data (GOSSL_FILETYPE_ASN1, (const guint8 *) "\x30\x03\x02", 3,
                                               &error));
  queue = gossl_error_get_openssl_errors ();
  g_assert_cmpuint (g_variant_n_children (queue), >, 0);
  g_variant_get_child (queue, 0, "(&s&s&s)", &lib, &func, &reason);
  g_assert_cmpstr (lib, !=, "PEM routines");
  g_assert_cmpint (gossl_error_get_errno (), ==, EISDIR);
  set_step (h, 2);

  /* the main thread checks its record, then we check ours again */
  wait_for_step (h, 3);
  {
    g_autoptr(GVariant) again = gossl_error_get_openssl_errors ();

    g_assert_true (g_variant_equal (queue, again));
  }
  return NULL;
}

static void
test_per_thread (void)
{
  Handoff h = { .step = 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) before = NULL;
  g_autoptr(GVariant) after = NULL;
  GThread *thread;

  g_mutex_init (&h.lock);
  g_cond_init (&h.cond);

  fail_parsing ();
  g_assert_cmpint (gossl_rand_load_file ("/nonexistent/gossl-errno", -1, &error), ==, -1);
  fail_parsing ();
  before = gossl_error_get_openssl_errors ();
  g_assert_cmpuint (g_variant_n_children (before), ==, 1);

  thread = g_thread_new ("other", other_thread, &h);
  set_step (&h, 1);
  wait_for_step (&h, 2);

  after = gossl_error_get_openssl_errors ();
  g_assert_true (g_variant_equal (before, after));
  g_assert_cmpint (gossl_error_get_errno (), ==, ENOENT);
  set_step (&h, 3);
  g_thread_join (thread);

  g_mutex_clear (&h.lock);
  g_cond_clear (&h.cond);
}

static void
test_version (void)
{
  const char *openssl = gossl_get_openssl_version ();

  g_assert_cmpuint (gossl_get_major_version (), ==, GOSSL_MAJOR_VERSION);
  g_assert_cmpuint (gossl_get_minor_version (), ==, GOSSL_MINOR_VERSION);
  g_assert_cmpuint (gossl_get_micro_version (), ==, GOSSL_MICRO_VERSION);
  g_assert_true (GOSSL_CHECK_VERSION (GOSSL_MAJOR_VERSION, GOSSL_MINOR_VERSION, GOSSL_MICRO_VERSION));

  g_assert_null (gossl_check_version (GOSSL_MAJOR_VERSION, GOSSL_MINOR_VERSION, GOSSL_MICRO_VERSION));
  g_assert_null (gossl_check_version (GOSSL_MAJOR_VERSION, 0, 0));
  if (GOSSL_MICRO_VERSION > 0)
    g_assert_null (gossl_check_version (GOSSL_MAJOR_VERSION, GOSSL_MINOR_VERSION, GOSSL_MICRO_VERSION - 1));
  g_assert_nonnull (gossl_check_version (GOSSL_MAJOR_VERSION + 1, 0, 0));
  g_assert_nonnull (gossl_check_version (GOSSL_MAJOR_VERSION, GOSSL_MINOR_VERSION + 1, 0));
  g_assert_nonnull (gossl_check_version (GOSSL_MAJOR_VERSION, GOSSL_MINOR_VERSION, GOSSL_MICRO_VERSION + 1));
  if (GOSSL_MAJOR_VERSION > 0)
    g_assert_nonnull (gossl_check_version (GOSSL_MAJOR_VERSION - 1, 0, 0));

  g_assert_nonnull (openssl);
  g_assert_true (g_str_has_prefix (openssl, "OpenSSL 3."));
  g_assert_true (openssl == gossl_get_openssl_version ());
}

static void
test_openssl_info (void)
{
  guint64 number = gossl_get_openssl_version_number ();
  g_autofree char *dotted = g_strdup_printf ("OpenSSL %u.%u.%u",
                                             (guint) (number >> 28),
                                             (guint) ((number >> 20) & 0xff),
                                             (guint) ((number >> 4) & 0xffff));

  g_assert_cmphex (number, ==, OpenSSL_version_num ());
  g_assert_cmphex (number, >=, 0x30000000);
  /* The number and the text name the same version. */
  g_assert_true (g_str_has_prefix (gossl_get_openssl_info (GOSSL_OPENSSL_INFO_VERSION), dotted));
  g_assert_cmpstr (gossl_get_openssl_info (GOSSL_OPENSSL_INFO_VERSION), ==, gossl_get_openssl_version ());
  g_assert_true (g_str_has_prefix (gossl_get_openssl_info (GOSSL_OPENSSL_INFO_CFLAGS), "compiler:"));
  g_assert_true (g_str_has_prefix (gossl_get_openssl_info (GOSSL_OPENSSL_INFO_BUILT_ON), "built on:"));
  g_assert_true (g_str_has_prefix (gossl_get_openssl_info (GOSSL_OPENSSL_INFO_PLATFORM), "platform:"));
  g_assert_true (g_str_has_prefix (gossl_get_openssl_info (GOSSL_OPENSSL_INFO_DIR), "OPENSSLDIR:"));
  g_assert_cmpstr (gossl_get_openssl_info ((GosslOpensslInfo) 12345), ==, "not available");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/error/initially-empty", test_initially_empty);
  g_test_add_func ("/error/quarks", test_quarks);
  g_test_add_func ("/error/queue-contents", test_queue_contents);
  g_test_add_func ("/error/argument-error-empties-record", test_argument_error_empties_record);
  g_test_add_func ("/error/errno", test_errno);
  g_test_add_func ("/error/per-thread", test_per_thread);
  g_test_add_func ("/error/version", test_version);
  g_test_add_func ("/error/openssl-info", test_openssl_info);

  return g_test_run ();
}
